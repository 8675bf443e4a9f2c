package api

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/depeche-archiver/depeche/store"
)

// NewRegistry returns a registry holding the Go and process collectors;
// the daemon adds the crawler's metrics and the archive's.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

// MetricsHandler serves reg in the Prometheus exposition format. A metric
// that cannot be read is logged and left out; the others are served.
func MetricsHandler(reg *prometheus.Registry, log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      reg, // promhttp's own error counters
	})
}

// ArchiveCollector computes, at each scrape, the feeds by state, their
// items by state and the archive's size: all are read from the archive
// rather than tracked, so they are right after a restart.
type ArchiveCollector struct {
	path     string // of the archive
	states   StateSource
	coverage CoverageSource
	feeds    func() []store.Feed // the feeds polled now
	revisits RevisitSource
	byState,
	items,
	scheduled,
	size *prometheus.Desc
}

// NewArchiveCollector returns the collector of the archive at path, whose
// feeds fl gives, whose feed states src reads, whose items' coverage cov
// reads and whose revisit schedule rev reads.
func NewArchiveCollector(path string, src StateSource, cov CoverageSource, rev RevisitSource, fl func() []store.Feed) *ArchiveCollector {
	return &ArchiveCollector{
		path:     path,
		states:   src,
		coverage: cov,
		revisits: rev,
		feeds:    fl,
		scheduled: prometheus.NewDesc("depeche_revisits_scheduled",
			"Archived articles with a revisit of their page still to come.", nil, nil),
		byState: prometheus.NewDesc("depeche_feeds",
			"Configured feeds by state: ok, failing (the last poll failed) or never_polled.",
			[]string{"state"}, nil),
		items: prometheus.NewDesc("depeche_items",
			"Items of the configured feeds: seen, and by what became of them: page (archived from its page), "+
				"feed (from the feed's own content), pending (its page to be tried again), given_up, "+
				"elsewhere (archived by another node of a cluster).",
			[]string{"state"}, nil),
		size: prometheus.NewDesc("depeche_archive_size_bytes",
			"Size of the archive: its bbolt file and its captures file.", nil, nil),
	}
}

// Describe sends the descriptors of the archive's metrics.
func (c *ArchiveCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.byState
	ch <- c.items
	ch <- c.scheduled
	ch <- c.size
}

// Collect reads the feed states, their items' coverage and the archive's
// size.
func (c *ArchiveCollector) Collect(ch chan<- prometheus.Metric) {
	c.collectStates(ch)
	if rev, err := c.revisits(); err != nil {
		ch <- prometheus.NewInvalidMetric(c.scheduled, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.scheduled, prometheus.GaugeValue, float64(rev.Scheduled))
	}
	size, err := store.ArchiveSize(c.path)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.size, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.size, prometheus.GaugeValue, float64(size))
}

// collectStates counts the configured feeds by state, and their items.
func (c *ArchiveCollector) collectStates(ch chan<- prometheus.Metric) {
	rows, err := FeedStatuses(c.states, c.coverage, c.feeds())
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.byState, err)
		ch <- prometheus.NewInvalidMetric(c.items, err)
		return
	}
	count := map[string]int{}
	var items ItemCounts
	for _, r := range rows {
		count[r.State]++
		items = items.plus(r.Items)
	}
	for _, state := range feedStates() {
		ch <- prometheus.MustNewConstMetric(c.byState, prometheus.GaugeValue, float64(count[state]), state)
	}
	for _, n := range items.byState() {
		ch <- prometheus.MustNewConstMetric(c.items, prometheus.GaugeValue, float64(n.count), n.state)
	}
}
