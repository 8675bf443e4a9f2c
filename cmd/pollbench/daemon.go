package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// site serves the feeds and their pages.
type site struct {
	items   int
	failing int // items of each feed whose page answers 500
}

func newSite(items int, failing float64) http.Handler {
	s := &site{items: items, failing: failingItems(items, failing)}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed/{n}", s.serveFeed)
	mux.HandleFunc("/page/{feed}/{n}", s.servePage)
	return mux
}

// failingItems is how many of a feed's items answer 500: the fraction
// failing of items, rounded.
func failingItems(items int, failing float64) int { return int(float64(items)*failing + 0.5) }

// serveFeed answers 304 to a conditional GET, else the feed and its items.
func (s *site) serveFeed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("ETag", `"v1"`)
	if r.Header.Get("If-None-Match") == `"v1"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>`)
	for i := range s.items {
		fmt.Fprintf(w, `<item><title>Item %[2]d</title><guid>%[1]s-%[2]d</guid><link>/page/%[1]s/%[2]d</link></item>`, r.PathValue("n"), i)
	}
	fmt.Fprint(w, `</channel></rss>`)
}

// servePage answers 500 for the failing items, else a small article.
func (s *site) servePage(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PathValue("n"))
	if n < s.failing {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Item %[2]s of feed %[1]s</title></head><body><article>
<p>This generated article %[2]s of feed %[1]s is here for the poll benchmark; it says nothing.</p>
<p>Its second paragraph gives the cleaner a body of a few sentences to find and keep.</p>
</article></body></html>`, r.PathValue("feed"), r.PathValue("n"))
}

func writeConfig(dir, base string, o options) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "archive: %s\nallow_private_networks: true\nlisten: 127.0.0.1:0\n", filepath.Join(dir, "bench.db"))
	fmt.Fprintf(&b, "host_delay: 0s\nhost_parallel: 64\nmax_parallel: 64\ninterval: %s\nlog:\n  level: info\nfeeds:\n", o.interval)
	for i := range o.feeds {
		fmt.Fprintf(&b, "  - name: f%05d\n    url: %s/feed/%d\n", i, base, i)
	}
	path := filepath.Join(dir, "bench.yaml")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}

// measure runs the daemon, waits out the warm-up, and reports the poll
// rate over the window and the memory.
func measure(ctx context.Context, o options, cfg string, out io.Writer) error {
	cmd, addr, err := startDaemon(ctx, o, cfg, "GOMAXPROCS=1")
	if err != nil {
		return err
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	time.Sleep(o.warmup) // a benchmark's warm-up, not a test waiting for a result
	before, err := notModified(addr)
	if err != nil {
		return err
	}
	start := time.Now()
	time.Sleep(o.measure)
	after, err := notModified(addr)
	if err != nil {
		return err
	}
	rate := (after - before) / time.Since(start).Seconds()
	if os.Getenv("POLLBENCH_METRICS") != "" {
		dumpMetrics(addr, out)
	}
	m := memory(cmd.Process.Pid)
	fmt.Fprintf(out, "feeds %d, interval %s, daemon on one core (GOMAXPROCS=1)\n", o.feeds, o.interval)
	fmt.Fprintf(out, "conditional polls (304) per second: %.0f (asked for %.0f)\n", rate, float64(o.feeds)/o.interval.Seconds())
	fmt.Fprintf(out, "resident memory: peak %d MB, now %d MB (anonymous %d MB, files mapped %d MB)\n", m.PeakRSS>>20, m.RSS>>20, m.Anon>>20, m.File>>20)
	return nil
}

// startDaemon starts `depeche run` on cfg with env added to its
// environment and returns it once it listens, with its address; a daemon
// that never listens is waited for and its error returned.
func startDaemon(ctx context.Context, o options, cfg string, env ...string) (*exec.Cmd, string, error) {
	cmd := exec.CommandContext(ctx, o.binary, "run", "-config", cfg)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	addr, err := bench.ListenAddr(stderr)
	if err != nil {
		return nil, "", errors.Join(err, cmd.Wait())
	}
	return cmd, addr, nil
}

var pollsLine = regexp.MustCompile(`(?m)^depeche_polls_total\{outcome="not_modified"\} (\S+)$`)

// notModified reads the daemon's count of 304 polls.
func notModified(addr string) (float64, error) { return metricValue(addr, pollsLine) }

// metricValue reads from the daemon's metrics the value of the sample
// line matches (its first group); 0 when there is none yet.
func metricValue(addr string, line *regexp.Regexp) (float64, error) {
	body, err := bench.Metrics(addr)
	if err != nil {
		return 0, err
	}
	m := line.FindSubmatch(body)
	if m == nil {
		return 0, nil
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0, fmt.Errorf("metric line %q: %w", m[0], err)
	}
	return v, nil
}

// memory returns VmHWM and VmRSS of pid in bytes; 0 when unknown.
func memory(pid int) bench.Status {
	s, err := bench.ReadStatus(bench.StatusPath(pid))
	if err != nil {
		return bench.Status{}
	}
	return s
}

// dumpMetrics prints the daemon's Go memory metrics, to see where its
// resident memory goes.
func dumpMetrics(addr string, out io.Writer) {
	body, err := bench.Metrics(addr)
	if err != nil {
		return
	}
	for l := range strings.Lines(string(body)) {
		if strings.HasPrefix(l, "go_memstats_") || strings.HasPrefix(l, "go_goroutines") {
			fmt.Fprint(out, l)
		}
	}
}
