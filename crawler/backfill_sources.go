package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// archiveChain follows the feed's RFC 5005 links: prev-archive (archived
// feeds) and next (paged feeds), from the live feed back. Archive
// documents do not change, so each is checkpointed with where it led.
func (b *backfill) archiveChain(ctx context.Context) error {
	doc, visited := b.feed.URL, map[string]bool{}
	if p := b.o.Polled; p != nil && !p.NotModified && p.Failed == 0 && ctx.Err() == nil {
		visited[doc], doc = true, p.Older // the poll read it and archived its items
	}
	for n := 0; doc != "" && !visited[doc] && n < b.o.MaxPages && ctx.Err() == nil && !b.full(); n++ {
		visited[doc] = true
		unit := "archive:" + doc
		if next, ok := b.done[unit]; ok && doc != b.feed.URL {
			doc = next
			continue
		}
		pf, err := b.readFeed(ctx, doc)
		if err != nil {
			return err
		}
		b.archive(ctx, pf.items)
		next := firstOf(pf.prevArchive, pf.next)
		if doc != b.feed.URL && ctx.Err() == nil {
			if err := b.markDone(unit, next); err != nil {
				return err
			}
		}
		doc = next
	}
	return nil
}

// readFeed fetches and parses one feed document.
func (b *backfill) readFeed(ctx context.Context, doc string) (parsedFeed, error) {
	body, resp, err := b.read(ctx, doc)
	if err != nil {
		return parsedFeed{}, err
	}
	pf, err := parseFeed(body, resp)
	if err != nil {
		return parsedFeed{}, &FetchError{Kind: KindParse, URL: doc, Err: err}
	}
	return pf, nil
}

// read fetches a discovery document through the shared client.
func (b *backfill) read(ctx context.Context, doc string) ([]byte, *url.URL, error) {
	b.update(func(p *BackfillProgress) { p.Requests++ })
	body, resp, err := b.c.getFeedBody(ctx, doc, nil, validators{})
	if err != nil {
		return nil, nil, classify(doc, err)
	}
	return body, resp.Request.URL, nil
}

// numberedPages reads PageTemplate for n = FirstPage, FirstPage+1, ...
// until a page is missing or brings nothing new. A page is a feed, or an
// HTML listing whose links matching the feed's pattern are articles.
func (b *backfill) numberedPages(ctx context.Context) error {
	if b.o.PageTemplate == "" {
		return nil
	}
	for n := b.o.FirstPage; n < b.o.FirstPage+b.o.MaxPages && ctx.Err() == nil && !b.full(); n++ {
		unit := "page:" + strconv.Itoa(n)
		if _, ok := b.done[unit]; ok {
			continue
		}
		items, err := b.listing(ctx, strings.ReplaceAll(b.o.PageTemplate, "{n}", strconv.Itoa(n)))
		if isGone(err) || (err == nil && b.archive(ctx, items) == 0) {
			return nil // past the last page
		}
		if err != nil {
			return err
		}
		if ctx.Err() == nil {
			if err := b.markDone(unit, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func isGone(err error) bool {
	k := KindOf(err)
	return k == KindNotFound || k == KindGone
}

// listing reads a numbered page: its feed items, or its links.
func (b *backfill) listing(ctx context.Context, page string) ([]Item, error) {
	body, base, err := b.read(ctx, page)
	if err != nil {
		return nil, err
	}
	if pf, err := parseFeed(body, base); err == nil {
		return pf.items, nil
	}
	if b.o.Match == "" {
		return nil, fmt.Errorf("%s is an HTML listing: set the feed's backfill match to the pattern of its article URLs", page)
	}
	return htmlLinks(body, base), nil
}

// sitemaps reads the configured sitemaps, or the site's, and the monthly
// ones, recursing through indexes.
func (b *backfill) sitemaps(ctx context.Context) error {
	roots, err := b.sitemapRoots(ctx)
	if err != nil {
		return err
	}
	for _, u := range roots {
		if err := b.sitemap(ctx, u, 0); err != nil && !isGone(err) {
			return err
		}
		if ctx.Err() != nil || b.full() {
			return nil
		}
	}
	return nil
}

// maxSitemapDepth bounds index recursion (an index of indexes is allowed).
const maxSitemapDepth = 3

func (b *backfill) sitemap(ctx context.Context, u string, depth int) error {
	unit := "sitemap:" + u
	if _, ok := b.done[unit]; ok || depth > maxSitemapDepth {
		return nil
	}
	body, base, err := b.read(ctx, u)
	if err != nil {
		return err
	}
	doc, err := parseSitemap(body, base)
	if err != nil {
		return &FetchError{Kind: KindParse, URL: u, Err: err}
	}
	for _, child := range doc.sitemaps {
		if err := b.sitemap(ctx, child, depth+1); err != nil && !isGone(err) {
			return err
		}
	}
	b.archive(ctx, doc.pages)
	if ctx.Err() != nil || b.full() {
		return nil
	}
	return b.markDone(unit, "")
}

// sitemapRoots lists the sitemaps to start from: the configured ones, else
// those robots.txt names, else /sitemap.xml; then the monthly ones.
func (b *backfill) sitemapRoots(ctx context.Context) ([]string, error) {
	site, err := url.Parse(b.feed.URL)
	if err != nil {
		return nil, err
	}
	roots := b.o.Sitemaps
	if len(roots) == 0 {
		roots = b.robotsSitemaps(ctx, site)
	}
	if len(roots) == 0 {
		roots = []string{site.Scheme + "://" + site.Host + "/sitemap.xml"}
	}
	return append(roots, b.monthly()...), nil
}

func (b *backfill) robotsSitemaps(ctx context.Context, site *url.URL) []string {
	body, _, err := b.read(ctx, site.Scheme+"://"+site.Host+"/robots.txt")
	if err != nil {
		return nil // no robots.txt: fall back to /sitemap.xml
	}
	return robotsSitemaps(body)
}

// monthly expands the Monthly template, newest month first.
func (b *backfill) monthly() []string {
	if b.o.Monthly == "" {
		return nil
	}
	until := b.o.Until
	if until.IsZero() {
		until = b.c.o.Now()
	}
	since := b.o.Since
	if since.IsZero() {
		since = until.AddDate(-1, 0, 0)
	}
	var out []string
	for m := monthOf(until); !m.Before(monthOf(since)); m = m.AddDate(0, -1, 0) {
		r := strings.NewReplacer("{yyyy}", fmt.Sprintf("%04d", m.Year()), "{mm}", fmt.Sprintf("%02d", int(m.Month())))
		out = append(out, r.Replace(b.o.Monthly))
	}
	return out
}

func monthOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}
