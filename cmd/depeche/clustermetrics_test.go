package main

import (
	"os"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
)

func TestClusterNodeServesItsMetrics(t *testing.T) {
	t.Parallel()
	natsURL := natstest.URL(t)
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome, feedBroken)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("cluster:\n  nats: [" + natsURL + "]\n  node: m1\n  heartbeat_ttl: 2s\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	cmd, log := startDaemon(t, cfg)
	base := "http://" + listenAddr(t, log)
	waitLogs(t, log, []string{"msg=poll", "feed=vna-fr ", "new=7"})
	published := func() float64 {
		mf, ok := scrape(t, base+"/metrics")["depeche_cluster_records_published_total"]
		if !ok {
			return 0
		}
		return sumSeries(mf, nil)
	}
	testkit.WaitFor(t, time.Minute, "the 7 records published", func() bool { return published() >= 7 })
	families := scrape(t, base+"/metrics")
	tests := []struct {
		family string
		labels map[string]string
		want   func(float64) bool
		what   string
	}{
		{"depeche_cluster_nodes_live", nil, eq(1), "1"},
		{"depeche_cluster_feeds_owned", nil, eq(2), "2, both feeds"},
		{"depeche_cluster_claims_total", map[string]string{"outcome": "won"}, atLeast(5), "at least 5 (links, then texts)"},
		{"depeche_cluster_claims_total", map[string]string{"outcome": "archived"}, eq(0), "0"},
		{"depeche_cluster_records_published_total", nil, eq(7), "7"},
		{"depeche_cluster_outbox_articles", nil, eq(0), "0"},
		{"depeche_cluster_nats_connected", nil, eq(1), "1"},
		{"depeche_cluster_healthy", nil, eq(1), "1"},
		{"depeche_items", map[string]string{"state": "elsewhere"}, eq(0), "0"},
	}
	for _, tt := range tests {
		mf, ok := families[tt.family]
		if !ok {
			t.Errorf("no metric family %s", tt.family)
			continue
		}
		if got := sumSeries(mf, tt.labels); !tt.want(got) {
			t.Errorf("%s%v = %g, want %s", tt.family, tt.labels, got, tt.what)
		}
	}
	stopDaemon(t, cmd, log)
}
