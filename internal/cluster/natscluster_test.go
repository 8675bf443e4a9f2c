package cluster

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/depeche-archiver/depeche/internal/testkit"
)

// freePorts returns n ports free now on 127.0.0.1.
func freePorts(t *testing.T, n int) []int {
	t.Helper()
	var ports []int
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
		defer ln.Close()
	}
	return ports
}

// startNATSCluster starts three embedded NATS servers routed into one
// JetStream cluster and returns them.
func startNATSCluster(t *testing.T) []*server.Server {
	t.Helper()
	routePorts := freePorts(t, 3)
	var routes []string
	for _, p := range routePorts {
		routes = append(routes, fmt.Sprintf("nats-route://127.0.0.1:%d", p))
	}
	dir := t.TempDir()
	var servers []*server.Server
	for i := range 3 {
		s, err := server.NewServer(&server.Options{
			ServerName: fmt.Sprintf("nats-%d", i+1), Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: filepath.Join(dir, fmt.Sprint(i)), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "depeche", Host: "127.0.0.1", Port: routePorts[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Start()
		t.Cleanup(s.Shutdown)
		servers = append(servers, s)
	}
	for _, s := range servers {
		if !s.ReadyForConnections(20 * time.Second) {
			t.Fatal("NATS cluster not ready")
		}
	}
	testkit.WaitFor(t, 30*time.Second, "a JetStream meta leader", func() bool {
		for _, s := range servers {
			if s.JetStreamIsLeader() {
				return true
			}
		}
		return false
	})
	return servers
}

// TestLosingOneOfThreeNATSServers runs alone, before the parallel tests:
// its servers listen on route ports chosen beforehand, which the others'
// listeners could take meanwhile, and a three-server JetStream cluster
// elects its leaders slowly on a machine they load.
func TestLosingOneOfThreeNATSServers(t *testing.T) {
	if testing.Short() {
		t.Skip("a three-server NATS cluster: not in -short")
	}
	const ttl = 2 * time.Second
	ctx := context.Background()
	servers := startNATSCluster(t)
	urls := []string{servers[0].ClientURL(), servers[1].ClientURL(), servers[2].ClientURL()}
	a := startReplicatedNode(t, urls, "a", ttl)
	b := startReplicatedNode(t, urls, "b", ttl)
	testkit.WaitFor(t, 30*time.Second, "two live nodes", func() bool { return len(a.Nodes()) == 2 && len(b.Nodes()) == 2 })
	saveArticles(t, a.db, "wire", 0, 3)
	a.wakeDrain()
	testkit.WaitFor(t, 20*time.Second, "3 records", func() bool { return streamCount(t, a.Node) == 3 })

	servers[0].Shutdown() // a and b were likely connected to it: they move
	servers[0].WaitForShutdown()

	saveArticles(t, a.db, "wire", 3, 3)
	a.wakeDrain()
	testkit.WaitFor(t, 30*time.Second, "6 records after losing a server", func() bool { return streamCount(t, a.Node) == 6 })
	if err := a.Claim(ctx, []string{"url https://after.example/1"}); err != nil {
		t.Errorf("claim after losing a server: %v", err)
	}
	testkit.WaitFor(t, 3*ttl, "both nodes healthy and live", func() bool {
		return a.Health() == nil && b.Health() == nil && len(a.Nodes()) == 2 && len(b.Nodes()) == 2
	})
}
