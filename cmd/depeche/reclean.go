package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
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
	cl, err := clean.New(cfg.Sites)
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
	defer governMemory(ctx, cfg, log)()
	rc := &recleaner{db: db, cleaner: cl, rules: rulesFingerprint(cfg), all: *all, filter: sel,
		progress: newRecleanProgress(stderr, log)}
	err = rc.run(ctx)
	fmt.Fprintln(stdout, rc.stats.summary(time.Since(rc.progress.start)))
	return errors.Join(err, db.Close())
}

// recleaner re-cleans the articles of one archive.
type recleaner struct {
	db       *store.DB
	cleaner  *clean.Cleaner
	rules    string // the current rules fingerprint
	all      bool
	filter   store.ExportFilter // feed and since
	progress *recleanProgress
	stats    recleanStats
}

// recleanStats counts what a reclean did.
type recleanStats struct {
	total, done, changed, unchanged, skipped, noCapture, failed int
}

func (s recleanStats) summary(elapsed time.Duration) string {
	return fmt.Sprintf("reclean: %d articles examined, %d re-cleaned: %d changed, %d unchanged, %d failed; %d up to date, %d without a stored page; %s",
		s.done, s.changed+s.unchanged+s.failed, s.changed, s.unchanged, s.failed, s.skipped, s.noCapture, elapsed.Round(time.Millisecond))
}

// run walks the archive once. Revise runs between Each's chunks, outside
// any read transaction.
func (rc *recleaner) run(ctx context.Context) error {
	n, err := rc.db.Count()
	if err != nil {
		return err
	}
	rc.stats.total = n
	err = rc.db.Each(func(a *store.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc.stats.done++
		rc.one(a)
		rc.progress.update(rc.stats, false)
		return nil
	})
	rc.progress.update(rc.stats, true)
	return err
}

// one re-cleans article a when selected, counting the outcome; a failure
// is logged and counted, and the run goes on.
func (rc *recleaner) one(a *store.Article) {
	if !rc.selected(a) {
		rc.stats.skipped++
		return
	}
	capt, err := rc.db.Capture(a.ID)
	if errors.Is(err, store.ErrNotFound) {
		rc.stats.noCapture++
		return
	}
	if err == nil {
		var changed bool
		changed, err = rc.revise(a, capt)
		if changed {
			rc.stats.changed++
		} else if err == nil {
			rc.stats.unchanged++
		}
	}
	if err != nil {
		rc.stats.failed++
		rc.progress.log.Warn("reclean failed", "article", a.ID, "url", a.URL, "err", err)
	}
}

// selected reports whether a is to be re-cleaned.
func (rc *recleaner) selected(a *store.Article) bool {
	if rc.filter.Feed != "" && !slices.Contains(a.Feeds, rc.filter.Feed) {
		return false
	}
	t := a.Published
	if t.IsZero() {
		t = a.Fetched
	}
	if !rc.filter.Since.IsZero() && t.Before(rc.filter.Since) {
		return false
	}
	return rc.all || a.Cleaner != clean.Version || a.Rules != rc.rules
}

// revise cleans the stored page of a and revises a with the result.
func (rc *recleaner) revise(a *store.Article, capt *store.Capture) (bool, error) {
	art, err := rc.cleaner.Clean(clean.Page{URL: capt.URL, ContentType: capt.Header.Get("Content-Type"), Body: capt.Body})
	if err != nil {
		return false, fmt.Errorf("clean: %w", err)
	}
	return rc.db.Revise(a.ID, recleaned(a, art, rc.rules), "reclean")
}

// recleaned is the new version of a from the cleaner's art. What the page
// does not give, the feed gave when the article was archived (as the
// crawler's record does), so it is kept from a.
func recleaned(a *store.Article, art *clean.Article, rules string) *store.Article {
	next := &store.Article{
		Title: firstNonEmpty(art.Title, a.Title), Lead: firstNonEmpty(art.Lead, a.Lead),
		Author: art.Author, Published: art.Published,
		Language: art.Language, Section: art.Section, Tags: art.Tags, Text: art.Text,
		Extractor: art.Extractor, Cleaner: clean.Version, Rules: rules,
	}
	if next.Published.IsZero() {
		next.Published = a.Published
	}
	for _, img := range art.Images {
		next.Images = append(next.Images, store.Image(img))
	}
	return next
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
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
func (p *recleanProgress) update(s recleanStats, final bool) {
	if !final && time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	rate := float64(s.done) / max(time.Since(p.start).Seconds(), 0.001)
	if !p.live {
		p.log.Info("reclean", "done", s.done, "total", s.total, "changed", s.changed, "failed", s.failed,
			"per_second", fmt.Sprintf("%.0f", rate), "final", final)
		return
	}
	fmt.Fprintf(p.w, "\rreclean: %d/%d, %d changed, %d failed, %.0f/s   ", s.done, s.total, s.changed, s.failed, rate)
	if final {
		fmt.Fprintln(p.w)
	}
}
