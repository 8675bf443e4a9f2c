package cluster

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// gathered returns the value of each metric of reg by name and, for a
// labelled one, name{value of its one label}.
func gathered(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			name := f.GetName()
			if l := m.GetLabel(); len(l) == 1 {
				name += "{" + l[0].GetValue() + "}"
			}
			out[name] = value(m)
		}
	}
	return out
}

func value(m *dto.Metric) float64 {
	if c := m.GetCounter(); c != nil {
		return c.GetValue()
	}
	return m.GetGauge().GetValue()
}

func TestMetricsCountTheNodesWork(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	ctx := context.Background()
	a, b := twoNodes(t, ttl)
	reg := prometheus.NewRegistry()
	if err := a.RegisterMetrics(reg, a.db, func() int { return 7 }); err != nil {
		t.Fatal(err)
	}

	held := store.ClaimKeys("wire", "g-1", "https://news.example/held")
	done := store.ClaimKeys("wire", "g-2", "https://news.example/done")
	if err := b.Claim(ctx, held); err != nil {
		t.Fatal(err)
	}
	if err := b.Claim(ctx, done); err != nil {
		t.Fatal(err)
	}
	if err := b.Archived(ctx, done, ""); err != nil {
		t.Fatal(err)
	}
	for _, keys := range [][]string{held, done, store.ClaimKeys("wire", "g-3", "https://news.example/free")} {
		_ = a.Claim(ctx, keys) // counted whatever the answer
	}
	saveArticles(t, a.db, "wire", 0, 3)
	a.wakeDrain()
	testkit.WaitFor(t, 30*time.Second, "three records published", func() bool {
		return gathered(t, reg)["depeche_cluster_records_published_total"] == 3
	})
	got := gathered(t, reg)
	want := map[string]float64{
		"depeche_cluster_nodes_live":              2,
		"depeche_cluster_feeds_owned":             7,
		"depeche_cluster_claims_total{won}":       1,
		"depeche_cluster_claims_total{busy}":      1,
		"depeche_cluster_claims_total{archived}":  1,
		"depeche_cluster_outbox_articles":         0,
		"depeche_cluster_records_published_total": 3,
		"depeche_cluster_nats_connected":          1,
		"depeche_cluster_healthy":                 1,
	}
	for name, w := range want {
		if v, ok := got[name]; !ok || v != w {
			t.Errorf("%s = %v (reported %v), want %v", name, v, ok, w)
		}
	}
	a.kill()
	if v := gathered(t, reg)["depeche_cluster_nats_connected"]; v != 0 {
		t.Errorf("connected %v once the connection is closed, want 0", v)
	}
}
