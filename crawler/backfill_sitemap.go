package crawler

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
)

// sitemapRoot is a sitemap the sitemap strategy starts from.
type sitemapRoot struct {
	url string
	// named: the settings name it, so it must be there. The site's own
	// (robots.txt, /sitemap.xml) and the monthly ones may be missing.
	named bool
}

// sitemaps reads the configured sitemaps, else the site's own, and the
// monthly ones, recursing through indexes. A root that is missing or is
// not a sitemap gives nothing, unless the settings name it: a typo in
// the settings is worth an error, a site without sitemaps is not.
func (b *backfill) sitemaps(ctx context.Context) error {
	roots, err := b.sitemapRoots(ctx)
	if err != nil {
		return err
	}
	for _, r := range roots {
		err := b.sitemap(ctx, r.url, 0)
		if err != nil && (r.named || !isAbsent(err)) {
			return err
		}
		if err != nil {
			b.c.o.Logger.Debug("no sitemap", "feed", b.feed.Name, "url", r.url, "kind", KindOf(err))
		}
		if ctx.Err() != nil || b.full() {
			return nil
		}
	}
	return nil
}

// isAbsent reports a document that is not there, or not what was asked
// for (a page where a sitemap was expected).
func isAbsent(err error) bool {
	return isGone(err) || KindOf(err) == KindParse
}

// maxSitemapDepth bounds index recursion (an index of indexes is allowed).
const maxSitemapDepth = 3

// sitemap reads one sitemap, or an index and the sitemaps it lists, and
// archives the pages they list. A listed sitemap that is gone is skipped:
// indexes outlive their parts.
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
		return &fetch.Error{Kind: KindParse, URL: u, Err: err}
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
func (b *backfill) sitemapRoots(ctx context.Context) ([]sitemapRoot, error) {
	var roots []sitemapRoot
	for _, u := range b.o.Sitemaps {
		roots = append(roots, sitemapRoot{url: u, named: true})
	}
	if len(roots) == 0 {
		site, err := url.Parse(b.feed.URL)
		if err != nil {
			return nil, fmt.Errorf("feed url %q: %w", b.feed.URL, err)
		}
		roots = b.siteSitemaps(ctx, site)
	}
	for _, u := range b.monthly() {
		roots = append(roots, sitemapRoot{url: u})
	}
	return roots, nil
}

// siteSitemaps returns the sitemaps the site's robots.txt names, else its
// /sitemap.xml: where sites put them when nobody says otherwise.
func (b *backfill) siteSitemaps(ctx context.Context, site *url.URL) []sitemapRoot {
	origin := site.Scheme + "://" + site.Host
	var roots []sitemapRoot
	body, _, err := b.read(ctx, origin+"/robots.txt")
	if err == nil { // no robots.txt: fall back to /sitemap.xml
		for _, u := range robotsSitemaps(body) {
			roots = append(roots, sitemapRoot{url: u})
		}
	}
	if len(roots) == 0 {
		roots = []sitemapRoot{{url: origin + "/sitemap.xml"}}
	}
	return roots
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
