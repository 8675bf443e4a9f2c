package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/internal/search"
)

// pollInterval is the interval of the feed the daemon polls while it is
// searched, whose polls show whether searches keep it from its work.
const pollInterval = 2 * time.Second

// memoryLimit is the daemon's memory_limit (the default).
const memoryLimit = "64MiB"

// daemon is a `depeche run` child on the archive, polling one feed of a
// server of ours, which notes when each poll came.
type daemon struct {
	cmd   *exec.Cmd
	addr  string
	feed  *httptest.Server
	mu    sync.Mutex
	polls []time.Time

	stopOnce sync.Once
	stopErr  error
}

// startDaemon builds depeche into work and runs it on the archive at
// path, with timeout as search.timeout, and waits for its first poll.
func startDaemon(ctx context.Context, path, work string, timeout time.Duration, stderr io.Writer) (*daemon, error) {
	if _, err := os.Stat(search.Path(path)); err != nil {
		return nil, fmt.Errorf("no index beside %s: run searchbench -dir without -worst first: %w", path, err)
	}
	bin, err := bench.BuildDepeche(work, stderr)
	if err != nil {
		return nil, err
	}
	d := &daemon{}
	first := make(chan struct{})
	var once sync.Once
	d.feed = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.polls = append(d.polls, time.Now())
		d.mu.Unlock()
		once.Do(func() { close(first) })
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>polled</title></channel></rss>`)
	}))
	cfg := filepath.Join(work, "depeche.yaml")
	body := fmt.Sprintf("archive: %s\nallow_private_networks: true\nlisten: 127.0.0.1:0\nmemory_limit: %s\nrevisit: []\n"+
		"search:\n  timeout: %s\ninterval: %s\nfeeds:\n  - name: polled\n    url: %s/feed\n", path, memoryLimit, timeout, pollInterval, d.feed.URL)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		d.feed.Close()
		return nil, err
	}
	d.cmd = exec.CommandContext(ctx, bin, "run", "-config", cfg)
	logs, err := d.cmd.StderrPipe()
	if err == nil {
		err = d.cmd.Start()
	}
	if err == nil {
		d.addr, err = bench.ListenAddr(logs)
	}
	if err != nil {
		return nil, errors.Join(err, d.stop())
	}
	select {
	case <-first:
		return d, nil
	case <-time.After(time.Minute):
		return nil, errors.Join(errors.New("the daemon did not poll its feed within a minute"), d.stop())
	}
}

// status is the daemon's memory now.
func (d *daemon) status() (bench.Status, error) {
	return bench.ReadStatus(bench.StatusPath(d.cmd.Process.Pid))
}

// pollsBetween are the times of the polls from the last one before
// start to the first one after end.
func (d *daemon) pollsBetween(start, end time.Time) []time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	lo, hi := 0, len(d.polls)-1
	for i, t := range d.polls {
		if t.Before(start) {
			lo = i
		}
	}
	for i := len(d.polls) - 1; i >= 0; i-- {
		if d.polls[i].After(end) {
			hi = i
		}
	}
	return slices.Clone(d.polls[lo : hi+1])
}

// stop ends the daemon (SIGTERM) and the feed server, once; later calls
// return the first one's error.
func (d *daemon) stop() error {
	d.stopOnce.Do(func() {
		defer d.feed.Close()
		if d.cmd == nil || d.cmd.Process == nil {
			return
		}
		d.cmd.Process.Signal(syscall.SIGTERM)
		var exit *exec.ExitError
		if err := d.cmd.Wait(); !errors.As(err, &exit) { // an exit status: stopped by our signal
			d.stopErr = err
		}
	})
	return d.stopErr
}
