package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// bigSite serves one feed whose items link to large generated pages,
// the two shapes in turn.
func bigSite(o options) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>big pages</title>`)
		for i := range o.pages {
			fmt.Fprintf(w, `<item><title>Page %[1]d</title><guid>big-%[1]d</guid><link>/page/%[1]d</link></item>`, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("/page/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(shapes[n%len(shapes)].gen(o.pageBytes, n))
	})
	return mux
}

// measureDaemon runs `depeche run` on the feed of large pages until it
// has archived (or failed) every page, and prints its peak memory.
func measureDaemon(ctx context.Context, o options, dir string, out io.Writer) error {
	srv := httptest.NewServer(bigSite(o))
	defer srv.Close()
	cfg := filepath.Join(dir, "big.yaml")
	body := fmt.Sprintf("archive: %s\nallow_private_networks: true\nlisten: 127.0.0.1:0\nhost_delay: 0s\nhost_parallel: 16\n"+
		"workers: %d\nmemory_limit: %s\ninterval: 1h\nfeeds:\n  - name: big\n    url: %s/feed\n",
		filepath.Join(dir, "big.db"), o.workers, o.memoryLimit, srv.URL)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, o.binary, "run", "-config", cfg)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	addr, err := bench.ListenAddr(stderr)
	if err != nil {
		return err
	}
	c, err := waitArchived(ctx, addr, o)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	m, err := bench.ReadStatus(bench.StatusPath(cmd.Process.Pid))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "depeche run: %d pages of %d bytes, workers %d, memory_limit %s\n", o.pages, o.pageBytes, o.workers, o.memoryLimit)
	fmt.Fprintf(out, "archived %d, failed %d, in %.1f s\n", c.archived, c.failed, elapsed.Seconds())
	fmt.Fprintf(out, "resident memory: peak %d MB, now %d MB (anonymous %d MB, files mapped %d MB)\n", m.PeakRSS>>20, m.RSS>>20, m.Anon>>20, m.File>>20)
	return nil
}

// counted matches the daemon's metrics of pages archived and failed.
var counted = regexp.MustCompile(`(?m)^depeche_(articles_archived|article_failures)_total(?:\{[^}]*\})? (\S+)$`)

// counts are the daemon's counts of pages archived and failed.
type counts struct{ archived, failed int }

// waitArchived polls the daemon's metrics until the pages are all
// archived or failed.
func waitArchived(ctx context.Context, addr string, o options) (counts, error) {
	deadline := time.Now().Add(o.timeout)
	for {
		c, err := readCounts(addr)
		if err != nil {
			return c, err
		}
		if c.archived+c.failed >= o.pages {
			return c, nil
		}
		if time.Now().After(deadline) {
			return c, fmt.Errorf("%d of %d pages done after %s", c.archived+c.failed, o.pages, o.timeout)
		}
		select {
		case <-ctx.Done():
			return c, ctx.Err()
		case <-time.After(250 * time.Millisecond): // a benchmark polling its child, not a test waiting
		}
	}
}

// readCounts reads the daemon's counts of archived and failed pages.
func readCounts(addr string) (counts, error) {
	body, err := bench.Metrics(addr)
	if err != nil {
		return counts{}, err
	}
	var c counts
	for _, m := range counted.FindAllSubmatch(body, -1) {
		v, _ := strconv.ParseFloat(string(m[2]), 64)
		if string(m[1]) == "articles_archived" {
			c.archived += int(v)
		} else {
			c.failed += int(v)
		}
	}
	return c, nil
}
