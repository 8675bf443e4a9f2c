package crawler

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the crawler's Prometheus metrics. A nil *Metrics records
// nothing, so tests and one-off commands need none.
type Metrics struct {
	polls         *prometheus.CounterVec
	articles      prometheus.Counter
	duplicates    prometheus.Counter
	failures      *prometheus.CounterVec
	fetchLatency  *prometheus.HistogramVec
	archiveDelay  prometheus.Histogram
	schedulerLive prometheus.Gauge
	revisits      *prometheus.CounterVec
}

// NewMetrics creates the crawler's metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "depeche_polls_total",
			Help: "Feed polls by outcome: ok, not_modified, or the kind of failure.",
		}, []string{"outcome"}),
		articles: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "depeche_articles_archived_total",
			Help: "Articles archived for the first time.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "depeche_duplicates_total",
			Help: "Feed items that were already archived.",
		}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "depeche_article_failures_total",
			Help: "Article pages that could not be fetched, cleaned or stored, by kind.",
		}, []string{"kind"}),
		fetchLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "depeche_fetch_duration_seconds",
			Help:    "Time to fetch a feed or a page, by what was fetched.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 12),
		}, []string{"what"}),
		archiveDelay: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "depeche_publish_to_archive_seconds",
			Help:    "Delay from an article's publication to its archiving.",
			Buckets: prometheus.ExponentialBuckets(60, 2, 12),
		}),
		schedulerLive: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "depeche_scheduler_running",
			Help: "1 while the daemon's scheduler runs.",
		}),
		revisits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "depeche_revisits_total",
			Help: "Revisits of archived articles' pages by outcome: unchanged, changed, withdrawn, failed.",
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.polls, m.articles, m.duplicates, m.failures, m.fetchLatency, m.archiveDelay, m.schedulerLive, m.revisits)
	return m
}

func (m *Metrics) polled(outcome string) {
	if m != nil {
		m.polls.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) fetched(what string, took time.Duration) {
	if m != nil {
		m.fetchLatency.WithLabelValues(what).Observe(took.Seconds())
	}
}

func (m *Metrics) archived(published, now time.Time) {
	if m == nil {
		return
	}
	m.articles.Inc()
	if !published.IsZero() && now.After(published) {
		m.archiveDelay.Observe(now.Sub(published).Seconds())
	}
}

func (m *Metrics) duplicate() {
	if m != nil {
		m.duplicates.Inc()
	}
}

func (m *Metrics) revisited(outcome string) {
	if m != nil {
		m.revisits.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) articleFailed(kind string) {
	if m != nil {
		m.failures.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) running(on bool) {
	if m == nil {
		return
	}
	v := 0.0
	if on {
		v = 1
	}
	m.schedulerLive.Set(v)
}
