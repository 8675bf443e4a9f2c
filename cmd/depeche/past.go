package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// polls are what PollAll returned for the feeds a backfill walks, so
// that the walk neither reads again a feed just read nor walks one that
// could not be read; empty when no poll ran.
type polls struct {
	sums []crawler.Summary
	errs []error
}

// of returns feed i's poll, nil when none ran, and whether its past may
// be walked.
func (p polls) of(i int) (*crawler.Summary, bool) {
	if len(p.sums) == 0 {
		return nil, true
	}
	return &p.sums[i], p.errs[i] == nil
}

// backfillPast walks the past of every feed that was read, one at a time,
// and prints what each brought back. It stops at a feed whose past the
// archive could not take.
func backfillPast(ctx context.Context, c *crawler.Crawler, db *store.DB, cfg *config.Config, fl []store.Feed, pl polls, po api.BackfillRequest, stdout, stderr io.Writer, log *slog.Logger) error {
	var rows []pastRow
	var errs []error
	for i, f := range fl {
		polled, ok := pl.of(i)
		if !ok || ctx.Err() != nil {
			continue
		}
		if po.Restart {
			if err := db.ClearCheckpoint(f.Name); err != nil {
				return err
			}
		}
		o := backfillOptions(cfg, f.Name, po)
		o.Polled = polled
		rep := newProgressReporter(stderr, f.Name, log)
		o.Progress = rep.update
		p, err := c.Backfill(ctx, f, o)
		rep.finish(p)
		rows = append(rows, pastRow{f.Name, p})
		if err != nil && ctx.Err() == nil {
			log.Error("backfill failed", "feed", f.Name, "kind", crawler.KindOf(err), "err", err)
			errs = append(errs, err)
		}
		if crawler.KindOf(err) == crawler.KindArchive {
			break // the other feeds' past would be fetched only to be lost
		}
	}
	printPast(stdout, rows)
	if len(errs) > 0 {
		return fmt.Errorf("backfill: the past of %d feeds could not be read in full (see the log above): %w", len(errs), errors.Join(errs...))
	}
	return nil
}

// backfillInDaemon checks a backfill the daemon was asked for through its
// API and returns it to run over the daemon's crawler and archive, at low
// priority beside the daemon's polls, with the config in use (reloads
// included).
func backfillInDaemon(c *crawler.Crawler, db *store.DB, cfg func() *config.Config) func(api.BackfillRequest) (api.BackfillRun, error) {
	return func(req api.BackfillRequest) (api.BackfillRun, error) {
		cfg := cfg()
		fl, err := feeds(cfg, req.Feed)
		if err != nil {
			return nil, err
		}
		return func(ctx context.Context, out io.Writer) error {
			log := slog.New(slog.NewTextHandler(out, logOptions(nil)))
			return backfillPast(fetch.LowPriority(ctx), c, db, cfg, fl, polls{}, req, out, out, log)
		}, nil
	}
}

// backfillOptions turns a feed's backfill settings and the bounds into
// crawler options.
func backfillOptions(cfg *config.Config, name string, po api.BackfillRequest) crawler.BackfillOptions {
	o := crawler.BackfillOptions{Since: po.Since, Until: po.Until, Max: po.Max}
	f, _ := cfg.Feed(name) // fl was made from cfg
	if b := f.Backfill; b != nil {
		o.Strategies, o.PageTemplate, o.Sitemaps = b.Strategies, b.PageTemplate, b.Sitemaps
		o.Monthly, o.Match = b.MonthlySitemap, b.Match
	}
	return o
}

type pastRow struct {
	feed string
	p    crawler.BackfillProgress
}

// printPast writes a line per feed, its totals, and under it a line per
// source tried with what that source gave in this run.
func printPast(w io.Writer, rows []pastRow) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w)
	// Numbers align right, labels left: the tabwriter pads on the left, so
	// labels are padded here to one width and each number cell carries
	// its own gap.
	width := pastLabelWidth(rows)
	tw := tabwriter.NewWriter(w, 0, 4, 0, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\t  discovered\t  archived\t  duplicates\t  failed\t  requests\t\n", width, "past of")
	for _, r := range rows {
		pastLine(tw, width, r.feed, r.p.BackfillCounts, "")
		for _, s := range r.p.Sources {
			note := ""
			if s.Discovered == 0 {
				note = "  gave nothing"
			}
			pastLine(tw, width, sourceIndent+s.Strategy, s.BackfillCounts, note)
		}
	}
	tw.Flush()
}

// sourceIndent sets a source's line under its feed's.
const sourceIndent = "  "

func pastLabelWidth(rows []pastRow) int {
	width := len("past of")
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r.feed))
		for _, s := range r.p.Sources {
			width = max(width, len(sourceIndent+s.Strategy))
		}
	}
	return width
}

func pastLine(w io.Writer, width int, label string, c crawler.BackfillCounts, note string) {
	fmt.Fprintf(w, "%-*s\t  %d\t  %d\t  %d\t  %d\t  %d\t%s\n", width, label, c.Discovered, c.Archived, c.Duplicates, c.Failed, c.Requests+c.Fetched, note)
}
