package cluster

import (
	"errors"
	"math"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/depeche-archiver/depeche/store"
)

// Claim outcomes as the claims metric labels them.
const (
	claimWon      = "won"      // the keys are this node's: it fetches the item
	claimBusy     = "busy"     // another live node is at it
	claimArchived = "archived" // another node archived it
)

// counters are what a node counts as it goes; read by the collector
// RegisterMetrics makes.
type counters struct {
	claims    *prometheus.CounterVec
	published prometheus.Counter
	leftOut   prometheus.Counter
}

func newCounters() counters {
	c := counters{
		claims: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "depeche_cluster_claims_total",
			Help: "Claims of items' identity keys by outcome: won (this node fetches), busy (another live node is at it), archived (another node archived it).",
		}, []string{"outcome"}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "depeche_cluster_records_published_total",
			Help: "Export records this node published to the cluster's stream, acknowledged.",
		}),
		leftOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "depeche_cluster_records_left_out_total",
			Help: "Export records larger than the NATS servers take in one message, left out of the stream (the article stays in this node's archive).",
		}),
	}
	for _, o := range []string{claimWon, claimBusy, claimArchived} {
		c.claims.WithLabelValues(o) // reported from the start, at 0
	}
	return c
}

// claimed counts the answer to a claim: err as Claim returns it.
func (c counters) claimed(err error) {
	var arch *Archived
	switch {
	case err == nil:
		c.claims.WithLabelValues(claimWon).Inc()
	case errors.As(err, &arch):
		c.claims.WithLabelValues(claimArchived).Inc()
	case errors.Is(err, ErrClaimed):
		c.claims.WithLabelValues(claimBusy).Inc()
	}
}

// RegisterMetrics registers the node's metrics with reg: the live nodes,
// the feeds this node owns (owned counts them), claims by outcome, the
// articles in db's outbox, the records published and the connection to
// NATS.
func (n *Node) RegisterMetrics(reg prometheus.Registerer, db *store.DB, owned func() int) error {
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	for _, c := range []prometheus.Collector{
		n.count.claims, n.count.published, n.count.leftOut,
		gauge("depeche_cluster_nodes_live", "Live nodes of the cluster as this node last saw them; 0 while it is cut off.",
			func() float64 { return float64(len(n.view.Load().nodes)) }),
		gauge("depeche_cluster_feeds_owned", "Configured feeds this node polls now.",
			func() float64 { return float64(owned()) }),
		gauge("depeche_cluster_outbox_articles", "Articles with a record in this node's outbox, not yet published to the stream; NaN when the archive cannot be read.",
			func() float64 { return outboxDepth(db) }),
		gauge("depeche_cluster_nats_connected", "1 while the node is connected to a NATS server.",
			func() float64 { return boolValue(n.nc.IsConnected()) }),
		gauge("depeche_cluster_healthy", "1 while the node heartbeats: it may own feeds.",
			func() float64 { return boolValue(n.Health() == nil) }),
	} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// outboxDepth is db.OutboxDepth as a gauge's value.
func outboxDepth(db *store.DB) float64 {
	d, err := db.OutboxDepth()
	if err != nil {
		return math.NaN()
	}
	return float64(d)
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
