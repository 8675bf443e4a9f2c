package crawler

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// BackfillOptions say where to find a feed's past and how far to go.
type BackfillOptions struct {
	// Strategies are tried in order: "archive" (RFC 5005 prev-archive and
	// next links from the feed), "pages" (PageTemplate), "sitemap". By
	// default: archive, then pages when PageTemplate is set, then sitemap,
	// which needs no settings: the site's own sitemaps stand in for
	// Sitemaps.
	Strategies []string
	// PageTemplate is a URL with {n}, the page number: a paged feed
	// (https://example.org/feed/?paged={n}) or an HTML listing
	// (https://example.org/news/page/{n}.html).
	PageTemplate string
	FirstPage    int // default 2
	MaxPages     int // default 1000; also bounds archive chains
	// Sitemaps are sitemap or sitemap index URLs, each of which must be
	// there; when empty, the Sitemap: lines of the site's robots.txt,
	// else /sitemap.xml, which may be missing: the source then gives
	// nothing.
	Sitemaps []string
	// Monthly is a monthly sitemap template with {yyyy} and {mm}, e.g.
	// https://fr.vietnamplus.vn/sitemaps/news-{yyyy}-{mm}.xml, read for
	// each month from Since (or a year back) to Until (or now).
	Monthly string
	// Match is a regular expression every article URL must match: the
	// feed's site and section. Default: the feed's host.
	Match        string
	Since, Until time.Time // bounds on publication, when known
	Max          int       // most articles to archive; 0: no limit
	// Progress, when set, is called as the counts change.
	Progress func(BackfillProgress)
	// Polled, when set, is the poll of the live feed that ran just before.
	// When it read the feed and archived every item, the archive strategy
	// starts at the feed's link to older items instead of reading the
	// feed again; else (304, failed items) it reads the feed itself.
	Polled *Summary
}

// Backfill brings back the part of a site's history that belongs to feed,
// beyond the items the feed lists. Progress is checkpointed in the
// archive: run again after an interruption, it carries on where it
// stopped, and nothing archived is fetched again. It stops at the first
// article the archive cannot take (a full disk), with the archive's
// error: the pages after it would be fetched only to be lost.
func (c *Crawler) Backfill(ctx context.Context, feed store.Feed, o BackfillOptions) (BackfillProgress, error) {
	b, err := c.newBackfill(ctx, feed, o)
	if err != nil {
		return BackfillProgress{}, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	b.stop = cancel
	for _, s := range b.o.Strategies {
		b.begin(s)
		if err := b.run(ctx, s); err != nil && ctx.Err() == nil {
			return b.progress(), fmt.Errorf("backfill %s (%s): %w", feed.Name, s, err)
		}
		if b.full() || ctx.Err() != nil {
			break
		}
	}
	if b.full() {
		return b.progress(), nil // the -max bound stopped it
	}
	return b.progress(), context.Cause(ctx)
}

// backfill is one run of Backfill.
type backfill struct {
	c     *Crawler
	pages *fetch.Pages
	feed  store.Feed
	o     BackfillOptions
	match *regexp.Regexp
	done  map[string]string // the checkpoint: finished units
	// stop ends the run: nil when -max articles were archived, else why.
	stop context.CancelCauseFunc

	mu     sync.Mutex
	prog   BackfillProgress
	queued map[string]bool // links handled this run
}

func (c *Crawler) newBackfill(ctx context.Context, feed store.Feed, o BackfillOptions) (*backfill, error) {
	o = o.withDefaults()
	match, err := feedPattern(feed, o.Match)
	if err != nil {
		return nil, err
	}
	done, err := c.db.Checkpoint(feed.Name)
	if err != nil {
		return nil, err
	}
	return &backfill{
		c: c, pages: c.fetcher.Pages(ctx), feed: feed, o: o,
		match: match, done: done, queued: map[string]bool{},
	}, nil
}

func (o BackfillOptions) withDefaults() BackfillOptions {
	if len(o.Strategies) == 0 { // what the options make possible
		o.Strategies = []string{"archive"}
		if o.PageTemplate != "" {
			o.Strategies = append(o.Strategies, "pages")
		}
		o.Strategies = append(o.Strategies, "sitemap")
	}
	if o.FirstPage <= 0 {
		o.FirstPage = 2
	}
	if o.MaxPages <= 0 {
		o.MaxPages = 1000
	}
	return o
}

// feedPattern compiles match, or matches the feed's host by default.
func feedPattern(feed store.Feed, match string) (*regexp.Regexp, error) {
	if match == "" {
		u, err := url.Parse(feed.URL)
		if err != nil {
			return nil, fmt.Errorf("backfill %s: %w", feed.Name, err)
		}
		match = `^https?://` + regexp.QuoteMeta(u.Host) + `/`
	}
	re, err := regexp.Compile(match)
	if err != nil {
		return nil, fmt.Errorf("backfill %s: match %q: %w", feed.Name, match, err)
	}
	return re, nil
}

func (b *backfill) run(ctx context.Context, strategy string) error {
	switch strategy {
	case "archive":
		return b.archiveChain(ctx)
	case "pages":
		return b.numberedPages(ctx)
	case "sitemap":
		return b.sitemaps(ctx)
	}
	return fmt.Errorf("unknown strategy %q (want archive, pages or sitemap)", strategy)
}

// full reports that -max articles were archived.
func (b *backfill) full() bool {
	if b.o.Max <= 0 {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.prog.Archived >= b.o.Max
}

// markDone checkpoints a finished unit.
func (b *backfill) markDone(unit, value string) error {
	b.done[unit] = value
	return b.c.db.MarkDone(b.feed.Name, unit, value)
}
