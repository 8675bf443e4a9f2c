package cluster

import (
	"fmt"
	"testing"

	"github.com/nats-io/nats-server/v2/server"
)

func TestOwnerSpreadsHosts(t *testing.T) {
	t.Parallel()
	nodes := []string{"a", "b", "c"}
	count := map[string]int{}
	for _, u := range hostFeeds(300) {
		count[Owner(u, nodes)]++
	}
	for _, n := range nodes {
		if count[n] < 70 || count[n] > 130 {
			t.Errorf("node %s owns %d of 300 hosts, want about 100 (%v)", n, count[n], count)
		}
	}
}

func TestOwnerKeepsAHostOnOneNode(t *testing.T) {
	t.Parallel()
	nodes := []string{"a", "b", "c"}
	for i := range 50 {
		host := fmt.Sprintf("site%d.example", i)
		if Owner("https://"+host+"/rss", nodes) != Owner("http://"+host+":8080/other/feed?x=1", nodes) {
			t.Fatalf("two feeds of %s went to two nodes", host)
		}
	}
}

func TestOwnerMovesOnlyTheChangedShare(t *testing.T) {
	t.Parallel()
	three, two, four := []string{"a", "b", "c"}, []string{"a", "b"}, []string{"a", "b", "c", "d"}
	for _, u := range hostFeeds(300) {
		was := Owner(u, three)
		if left := Owner(u, two); was != "c" && left != was {
			t.Errorf("%s moved from %s to %s when c left", u, was, left)
		}
		if joined := Owner(u, four); joined != was && joined != "d" {
			t.Errorf("%s moved from %s to %s when d joined", u, was, joined)
		}
	}
	if Owner("https://x.example/", nil) != "" {
		t.Error("an owner among no nodes")
	}
}

func TestTheRepositorysNATSConfigParses(t *testing.T) {
	for k, v := range map[string]string{
		"NATS_NAME": "nats-1", "NATS_ROUTE_1": "10.0.0.1", "NATS_ROUTE_2": "10.0.0.2", "NATS_ROUTE_3": "10.0.0.3",
		"DEPECHE_NATS_PASSWORD": "a-long-secret",
	} {
		t.Setenv(k, v)
	}
	o, err := server.ProcessConfigFile("../../deploy/nats-server.conf")
	if err != nil {
		t.Fatal(err)
	}
	if !o.JetStream || o.ServerName != "nats-1" || len(o.Routes) != 3 || o.Cluster.Name != "depeche" || o.Username != "depeche" {
		t.Errorf("parsed: jetstream %v, name %q, %d routes, cluster %q, user %q", o.JetStream, o.ServerName, len(o.Routes), o.Cluster.Name, o.Username)
	}
}
