package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/depeche-archiver/depeche/crawler/fetch"
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
		return parsedFeed{}, &fetch.Error{Kind: KindParse, URL: doc, Err: err}
	}
	return pf, nil
}

// read fetches a discovery document through the shared client.
func (b *backfill) read(ctx context.Context, doc string) ([]byte, *url.URL, error) {
	b.update(func(p *BackfillCounts) { p.Requests++ })
	d, err := b.c.fetcher.Feed(ctx, doc, nil, fetch.Validators{})
	if err != nil {
		return nil, nil, err
	}
	return d.Body, d.URL, nil
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
	return k == fetch.KindNotFound || k == fetch.KindGone
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
