package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
)

// progressReporter shows a backfill's progress: a live line on a
// terminal, else a log line every few seconds.
type progressReporter struct {
	w        io.Writer
	live     bool
	feed     string
	log      *slog.Logger
	start    time.Time
	every    time.Duration
	mu       sync.Mutex
	lastShow time.Time
}

func newProgressReporter(w io.Writer, feed string, log *slog.Logger) *progressReporter {
	r := &progressReporter{w: w, live: isTerminal(w), feed: feed, log: log, start: time.Now(), every: 5 * time.Second}
	if r.live {
		r.every = 200 * time.Millisecond
	}
	return r
}

// isTerminal reports whether w is a character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (r *progressReporter) update(p crawler.BackfillProgress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.lastShow) < r.every {
		return
	}
	r.lastShow = time.Now()
	r.show(p, false)
}

func (r *progressReporter) finish(p crawler.BackfillProgress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.show(p, true)
}

func (r *progressReporter) show(p crawler.BackfillProgress, final bool) {
	elapsed := time.Since(r.start)
	rate := float64(p.Archived) / max(elapsed.Seconds(), 0.001)
	if !r.live {
		r.log.Info("backfill", "feed", r.feed, "source", source(p), "discovered", p.Discovered, "archived", p.Archived,
			"duplicates", p.Duplicates, "failed", p.Failed, "per_second", fmt.Sprintf("%.1f", rate), "done", final)
		return
	}
	eta := "?"
	if left := p.Discovered - p.Archived - p.Duplicates - p.Failed; rate > 0 && left > 0 {
		eta = (time.Duration(float64(left)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(r.w, "\r%s (%s): %d discovered, %d fetched, %d archived, %d duplicates, %d failed, %.1f/s, ETA %s   ",
		r.feed, source(p), p.Discovered, p.Fetched, p.Archived, p.Duplicates, p.Failed, rate, eta)
	if final {
		fmt.Fprintln(r.w)
	}
}

// source names the strategy at work, the last one tried once done.
func source(p crawler.BackfillProgress) string {
	if len(p.Sources) == 0 {
		return "-"
	}
	return p.Sources[len(p.Sources)-1].Strategy
}
