package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/memlimit"
	"github.com/depeche-archiver/depeche/store"
)

func runReclean(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reclean", "[-config FILE] [-feed NAME] [-since TIME] [-all]",
		"Cleans the archived articles again, offline, from the pages stored when they were\n"+
			"fetched, with the current cleaner and site rules. By default only the articles\n"+
			"cleaned by another cleaner version or other site rules; -all takes every one.\n"+
			"An article whose text changes gets a new revision (see export -revisions). The\n"+
			"daemon must be stopped: reclean writes to the archive.", stderr)
	cfgPath := configFlag(fs)
	feed := fs.String("feed", "", "only articles seen in the feed `NAME`")
	since := fs.String("since", "", "only articles published at or after `TIME`")
	all := fs.Bool("all", false, "every article, whatever cleaned it")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reclean takes no arguments, got %q", fs.Args())
	}
	sel, err := exportFilter(*feed, *since, "")
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	cl, err := clean.New(cfg.Rules())
	if err != nil {
		return fmt.Errorf("site rules: %w", err)
	}
	db, err := store.Open(cfg.Archive, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("reclean needs the archive to itself and a daemon (depeche run) holds it: stop it, reclean, start it again (%w)", err)
	}
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	defer memlimit.Govern(ctx, int64(cfg.MemoryLimit), log)()
	prog := newRecleanProgress(stderr, log)
	stats, err := crawler.Reclean(ctx, db, cl, crawler.RecleanOptions{
		Feed: sel.Feed, Since: sel.Since, All: *all, Progress: prog.update, Logger: log,
	})
	fmt.Fprintln(stdout, recleanSummary(stats, time.Since(prog.start)))
	return errors.Join(err, db.Close())
}

// recleanSummary is the line reclean ends with.
func recleanSummary(s crawler.RecleanStats, elapsed time.Duration) string {
	return fmt.Sprintf("reclean: %d articles examined, %d re-cleaned: %d changed, %d unchanged, %d failed; %d up to date, %d without a stored page; %s",
		s.Done, s.Changed+s.Unchanged+s.Failed, s.Changed, s.Unchanged, s.Failed, s.Skipped, s.NoCapture, elapsed.Round(time.Millisecond))
}

// recleanProgress shows a reclean's progress: a live line on a terminal,
// else a log line every few seconds.
type recleanProgress struct {
	w     io.Writer
	live  bool
	log   *slog.Logger
	start time.Time
	every time.Duration
	last  time.Time
}

func newRecleanProgress(w io.Writer, log *slog.Logger) *recleanProgress {
	p := &recleanProgress{w: w, live: isTerminal(w), log: log, start: time.Now(), every: 5 * time.Second}
	if p.live {
		p.every = 200 * time.Millisecond
	}
	return p
}

// update shows s when the last showing is old enough, or final.
func (p *recleanProgress) update(s crawler.RecleanStats, final bool) {
	if !final && time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	rate := float64(s.Done) / max(time.Since(p.start).Seconds(), 0.001)
	if !p.live {
		p.log.Info("reclean", "done", s.Done, "total", s.Total, "changed", s.Changed, "failed", s.Failed,
			"per_second", fmt.Sprintf("%.0f", rate), "final", final)
		return
	}
	fmt.Fprintf(p.w, "\rreclean: %d/%d, %d changed, %d failed, %.0f/s   ", s.Done, s.Total, s.Changed, s.Failed, rate)
	if final {
		fmt.Fprintln(p.w)
	}
}
