package main

import (
	"bufio"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/depeche-archiver/depeche/internal/logwait"
)

// waitLogs reads the log until it has seen, in any order, a line with
// every part of each of lines.
func waitLogs(t *testing.T, log *bufio.Scanner, lines ...[]string) {
	t.Helper()
	pending := lines
	var seen []string
	for len(pending) > 0 && log.Scan() {
		seen = append(seen, log.Text())
		for i, parts := range pending {
			if logwait.ContainsAll(log.Text(), parts) {
				pending = append(pending[:i:i], pending[i+1:]...)
				break
			}
		}
	}
	if len(pending) > 0 {
		t.Fatalf("log ended without lines with %q:\n%s", pending, strings.Join(seen, "\n"))
	}
}

// listenAddr reads the daemon's log until it says where it listens.
func listenAddr(t *testing.T, log *bufio.Scanner) string {
	t.Helper()
	line := waitLog(t, log, "msg=listening", "addr=")
	_, after, _ := strings.Cut(line, "addr=")
	addr := strings.Fields(after)[0]
	if _, _, err := net.SplitHostPort(addr); err != nil {
		t.Fatalf("listening line %q: %v", line, err)
	}
	return addr
}

// withListen writes a copy of the config at cfg listening on addr: the
// config a client of a daemon started on port 0 needs.
func withListen(t *testing.T, cfg, addr string) string {
	t.Helper()
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	replaced := strings.Replace(string(body), "listen: 127.0.0.1:0\n", "listen: "+addr+"\n", 1)
	if replaced == string(body) {
		t.Fatalf("config %s has no listen: 127.0.0.1:0 line", cfg)
	}
	path := filepath.Join(filepath.Dir(cfg), "client.yaml")
	if err := os.WriteFile(path, []byte(replaced), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// stopDaemon sends SIGTERM and checks the daemon exits with status 0.
func stopDaemon(t *testing.T, cmd *exec.Cmd, log *bufio.Scanner) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog(t, log, "depeche stopping")
	for log.Scan() { // drain the log: Wait must come after the last read
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("daemon exit after SIGTERM: %v, want status 0", err)
	}
}

func TestDaemonServesHealthAndMetrics(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome, feedBroken)
	cmd, log := startDaemon(t, cfg)
	base := "http://" + listenAddr(t, log)
	// Counters are updated before the poll is logged.
	waitLogs(t, log,
		[]string{"msg=poll", "feed=vna-fr ", "new=7"},
		[]string{`msg="poll failed"`, "feed=vna-fr-casse "})

	if status, body := get(t, base+"/healthz", ""); status != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz while running = %d %q, want 200 ok", status, body)
	}
	families := scrape(t, base+"/metrics")
	tests := []struct {
		name   string
		family string
		labels map[string]string // the series to sum; nil sums them all
		ok     func(float64) bool
		want   string
	}{
		{"polls-by-outcome", "depeche_polls_total", map[string]string{"outcome": "ok"}, eq(1), "1"},
		{"polls-all-outcomes", "depeche_polls_total", nil, eq(2), "2"},
		{"articles-archived", "depeche_articles_archived_total", nil, eq(7), "7: 5 from their page, 2 from the feed"},
		{"duplicates", "depeche_duplicates_total", nil, eq(0), "0"},
		{"article-failures", "depeche_article_failures_total", nil, eq(2), "2"},
		{"feed-fetch-latency", "depeche_fetch_duration_seconds", map[string]string{"what": "feed"}, eq(2), "2 observations"},
		{"page-fetch-latency", "depeche_fetch_duration_seconds", map[string]string{"what": "page"}, atLeast(5), "at least 5 observations"},
		{"publish-to-archive-delay", "depeche_publish_to_archive_seconds", nil, atLeast(1), "observations"},
		{"feeds-failing", "depeche_feeds", map[string]string{"state": "failing"}, eq(1), "1"},
		{"feeds-all-states", "depeche_feeds", nil, eq(2), "2 feeds"},
		{"items-seen", "depeche_items", map[string]string{"state": "seen"}, eq(7), "7"},
		{"items-from-page", "depeche_items", map[string]string{"state": "page"}, eq(5), "5"},
		{"items-from-feed", "depeche_items", map[string]string{"state": "feed"}, eq(2), "2: a 404 and a PDF"},
		{"items-pending", "depeche_items", map[string]string{"state": "pending"}, eq(0), "0"},
		{"items-given-up", "depeche_items", map[string]string{"state": "given_up"}, eq(0), "0"},
		{"archive-size", "depeche_archive_size_bytes", nil, atLeast(1), "a size"},
		{"scheduler-running", "depeche_scheduler_running", nil, eq(1), "1"},
		{"search-index-keeps-up", "depeche_search_index_ok", nil, eq(1), "1"},
		{"go-collector", "go_goroutines", nil, atLeast(1), "goroutines"},
		{"process-collector", "process_start_time_seconds", nil, atLeast(1), "a start time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mf, ok := families[tt.family]
			if !ok {
				t.Fatalf("no metric family %s", tt.family)
			}
			if got := sumSeries(mf, tt.labels); !tt.ok(got) {
				t.Errorf("%s%v = %g, want %s", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	stopDaemon(t, cmd, log)
}

// scrape gets url and parses it as the Prometheus text format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("GET %s is not the Prometheus text format: %v", url, err)
	}
	return families
}

// sumSeries sums the series of mf whose labels include labels: counter and
// gauge values, histogram observation counts.
func sumSeries(mf *dto.MetricFamily, labels map[string]string) float64 {
	sum := 0.0
	for _, m := range mf.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		case m.Untyped != nil:
			sum += m.GetUntyped().GetValue()
		}
	}
	return sum
}

func hasLabels(m *dto.Metric, labels map[string]string) bool {
	n := 0
	for _, lp := range m.GetLabel() {
		if v, ok := labels[lp.GetName()]; ok && v == lp.GetValue() {
			n++
		}
	}
	return n == len(labels)
}

func eq(want float64) func(float64) bool      { return func(got float64) bool { return got == want } }
func atLeast(want float64) func(float64) bool { return func(got float64) bool { return got >= want } }
