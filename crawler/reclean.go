package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// RecleanOptions selects the articles Reclean cleans again.
type RecleanOptions struct {
	Feed  string    // only articles seen in this feed; "" for every feed
	Since time.Time // only articles published (else fetched) at or after it
	// All takes every selected article; else only those another cleaner
	// version or other site rules made.
	All bool
	// Progress, when set, is called after each article and once more at the
	// end, with final set.
	Progress func(s RecleanStats, final bool)
	Logger   *slog.Logger // each failure is logged here; default discards
}

// RecleanStats counts what a reclean did.
type RecleanStats struct {
	Total     int // articles in the archive
	Done      int // articles examined
	Changed   int // re-cleaned into a new revision
	Unchanged int // re-cleaned to the same article
	Skipped   int // not selected, or made by the current cleaner and rules
	NoCapture int // selected, but without a stored page
	Failed    int // selected, but cleaning or revising failed
}

// Reclean cleans the selected articles of db again, offline, from the
// pages stored when they were fetched, with cl, and revises each whose
// article changes. A failure is logged and counted, and the run goes on;
// the error is the archive's, or ctx's when it ends first.
func Reclean(ctx context.Context, db *store.DB, cl *clean.Cleaner, o RecleanOptions) (RecleanStats, error) {
	rc := &recleaner{db: db, cleaner: cl, o: o}
	if rc.o.Logger == nil {
		rc.o.Logger = slog.New(slog.DiscardHandler)
	}
	if rc.o.Progress == nil {
		rc.o.Progress = func(RecleanStats, bool) {}
	}
	err := rc.run(ctx)
	return rc.stats, err
}

// recleaner re-cleans the articles of one archive.
type recleaner struct {
	db      *store.DB
	cleaner *clean.Cleaner
	o       RecleanOptions
	stats   RecleanStats
}

// run walks the archive once. Revise runs between Each's chunks, outside
// any read transaction.
func (rc *recleaner) run(ctx context.Context) error {
	n, err := rc.db.Count()
	if err != nil {
		return err
	}
	rc.stats.Total = n
	err = rc.db.Each(func(a *store.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rc.stats.Done++
		rc.one(a)
		rc.o.Progress(rc.stats, false)
		return nil
	})
	rc.o.Progress(rc.stats, true)
	return err
}

// one re-cleans article a when selected, counting the outcome.
func (rc *recleaner) one(a *store.Article) {
	if !rc.selected(a) {
		rc.stats.Skipped++
		return
	}
	capt, err := rc.db.Capture(a.ID)
	if errors.Is(err, store.ErrNotFound) {
		rc.stats.NoCapture++
		return
	}
	if err == nil {
		var changed bool
		changed, err = rc.revise(a, capt)
		if changed {
			rc.stats.Changed++
		} else if err == nil {
			rc.stats.Unchanged++
		}
	}
	if err != nil {
		rc.stats.Failed++
		rc.o.Logger.Warn("reclean failed", "article", a.ID, "url", a.URL, "err", err)
	}
}

// selected reports whether a is to be re-cleaned.
func (rc *recleaner) selected(a *store.Article) bool {
	if rc.o.Feed != "" && !slices.Contains(a.Feeds, rc.o.Feed) {
		return false
	}
	t := a.Published
	if t.IsZero() {
		t = a.Fetched
	}
	if !rc.o.Since.IsZero() && t.Before(rc.o.Since) {
		return false
	}
	return rc.o.All || a.Cleaner != clean.Version || a.Rules != rc.cleaner.Fingerprint()
}

// revise cleans the stored page of a and revises a with the result.
func (rc *recleaner) revise(a *store.Article, capt *store.Capture) (bool, error) {
	art, err := rc.cleaner.Clean(capturedPage(capt))
	if err != nil {
		return false, fmt.Errorf("clean: %w", err)
	}
	return rc.db.Revise(a.ID, recleanedRecord(art, rc.cleaner.Fingerprint(), a), "reclean")
}

// capturedPage is a stored page as the cleaner takes it.
func capturedPage(capt *store.Capture) clean.Page {
	return clean.Page{URL: capt.URL, ContentType: capt.Header.Get("Content-Type"), Body: capt.Body}
}

// recleanedRecord is archived article a as art, its stored page cleaned
// again by the cleaner whose fingerprint is rules, makes it. What the page
// does not give, the feed gave when a was archived, so it is kept from a;
// so is a withdrawal, since nothing was fetched.
func recleanedRecord(art *clean.Article, rules string, a *store.Article) *store.Article {
	next := cleanedRecord(art, rules, known{title: a.Title, lead: a.Lead, published: a.Published})
	next.Withdrawn, next.WithdrawnStatus = a.Withdrawn, a.WithdrawnStatus
	return next
}
