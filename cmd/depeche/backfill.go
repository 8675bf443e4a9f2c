package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/memlimit"
	"github.com/depeche-archiver/depeche/store"
)

func runBackfill(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	fs := newFlags("backfill", "[-config FILE] [-feed NAME] [-since TIME] [-until TIME] [-max N] [-restart]",
		"Polls the feed (or every feed) once and archives every item not yet archived, then\n"+
			"brings back the feed's past: RFC 5005 archive and next links, numbered pages and\n"+
			"sitemaps, as the feed's backfill settings say; with none, the sitemaps the site's\n"+
			"robots.txt names, else its /sitemap.xml. Progress is checkpointed in the\n"+
			"archive: after an interruption the same command carries on where it stopped.\n"+
			"Prints a summary, with what each source gave; exits 1 when a feed could not be\n"+
			"read at all.", stderr)
	cfgPath := configFlag(fs)
	name := fs.String("feed", "", "backfill only the feed `NAME`")
	since := fs.String("since", "", "only articles published at or after `TIME` (when the source dates them)")
	until := fs.String("until", "", "only articles published before `TIME`")
	maxN := fs.Int("max", 0, "archive at most `N` articles from the past of each feed (0: no limit)")
	restart := fs.Bool("restart", false, "forget the checkpoint and walk the past from the start")
	profile := profileFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("backfill takes no arguments, got %q", fs.Args())
	}
	bounds, err := exportFilter("", *since, *until)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	fl, err := feeds(cfg, *name)
	if err != nil {
		return err
	}
	stopProfile, err := startProfile(*profile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	log := newLogger(cfg, stderr)
	defer memlimit.Govern(ctx, int64(cfg.MemoryLimit), log)()
	past := api.BackfillRequest{Feed: *name, Since: bounds.Since, Until: bounds.Until, Max: *maxN, Restart: *restart}
	db, err := store.Open(cfg.Archive, store.Options{})
	if errors.Is(err, store.ErrLocked) {
		return backfillThroughDaemon(ctx, cfg, past, stdout, err)
	}
	if err != nil {
		return err
	}
	c, err := newCrawler(cfg, db, log, nil)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	sums, errs := c.PollAll(ctx, fl)
	printSummary(stdout, sums)
	err = failedFeeds(log, fl, errs)
	deepErr := backfillPast(ctx, c, db, cfg, fl, polls{sums, errs}, past, stdout, stderr, log)
	return errors.Join(err, deepErr, ctx.Err(), db.Close())
}

// failedFeeds logs each feed that could not be read and sums them up in
// one error, nil when every feed was read.
func failedFeeds(log *slog.Logger, fl []store.Feed, errs []error) error {
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			log.Error("feed could not be read", "feed", fl[i].Name, "url", fl[i].URL, "kind", crawler.KindOf(err), "err", err)
		}
	}
	if failed == 0 {
		return nil
	}
	return fmt.Errorf("backfill: %d of %d feeds could not be read (see the log above)", failed, len(fl))
}

// printSummary writes one line per feed and a total.
func printSummary(w io.Writer, sums []crawler.Summary) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "feed\tseen\tnew\tfrom-feed\tduplicates\tpending\tfailed\t")
	var total crawler.Summary
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", s.Feed, s.Seen, s.New, s.FromFeed, s.Duplicates, s.Pending, s.Failed)
		total.Seen += s.Seen
		total.New += s.New
		total.FromFeed += s.FromFeed
		total.Duplicates += s.Duplicates
		total.Pending += s.Pending
		total.Failed += s.Failed
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t%d\t\n", total.Seen, total.New, total.FromFeed, total.Duplicates, total.Pending, total.Failed)
	tw.Flush()
}

// backfillThroughDaemon asks the running daemon to backfill, for a
// backfill command that found the archive held (locked says so).
func backfillThroughDaemon(ctx context.Context, cfg *config.Config, req api.BackfillRequest, stdout io.Writer, locked error) error {
	d := api.NewClient(cfg.Listen, cfg.Token)
	if d == nil {
		return locked
	}
	stream, err := d.Backfill(ctx, req)
	if err != nil {
		return fmt.Errorf("%w; asking the daemon at %s failed too: %v", locked, d, err)
	}
	defer stream.Close()
	fmt.Fprintf(stdout, "backfill through the running daemon at %s (the daemon polls the feeds itself)\n", d)
	return stream.CopyTo(stdout)
}
