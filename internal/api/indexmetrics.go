package api

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/depeche-archiver/depeche/internal/search"
)

// IndexCollector says at each scrape whether the search index keeps up
// with the archive: the follower's log says why when it does not.
type IndexCollector struct {
	ix *search.Index
	ok *prometheus.Desc
}

// NewIndexCollector returns the collector of ix.
func NewIndexCollector(ix *search.Index) *IndexCollector {
	return &IndexCollector{ix: ix, ok: prometheus.NewDesc("depeche_search_index_ok",
		"1 while the search index keeps up with the archive; 0 while it cannot (its directory takes no writes, "+
			"the archive cannot be read): the log names the index and the cause.", nil, nil)}
}

// Describe sends the descriptor of the index's metric.
func (c *IndexCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.ok }

// Collect reads the index's health.
func (c *IndexCollector) Collect(ch chan<- prometheus.Metric) {
	ok := 1.0
	if c.ix.Health() != nil {
		ok = 0
	}
	ch <- prometheus.MustNewConstMetric(c.ok, prometheus.GaugeValue, ok)
}
