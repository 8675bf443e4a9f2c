package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// revisitFetcher fetches the pages of revisits: after every other request
// on each host, noting the redirects each met.
type revisitFetcher struct {
	pages     *fetch.Pages
	redirects *fetch.RedirectLog
}

// newRevisitFetcher builds the page fetcher of the revisit loop.
func (c *Crawler) newRevisitFetcher(ctx context.Context) *revisitFetcher {
	ctx, log := fetch.WithRedirectLog(fetch.LowestPriority(ctx))
	return &revisitFetcher{pages: c.fetcher.Pages(ctx), redirects: log}
}

// revisitParallel is how many revisits run at once: half the workers,
// at least one.
func revisitParallel(workers int) int { return max(1, workers/2) }

// revisitResult is what one revisit found.
type revisitResult struct {
	outcome            string // store.RevisitUnchanged, ...
	url                string
	fetched            time.Time // when the article was first archived
	etag, lastModified string    // the page's validators now
	changes            []string  // the fields of a new revision
	news               bool      // the page is newly found withdrawn
	err                error
}

// revisit fetches the page of the article r is for, conditionally, and
// compares what it finds with the archived version: a new revision when
// the article changed (not the page: see store.ArticleChanges), a
// withdrawal when the page is gone or redirects away to a page that is no
// article, a return when a withdrawn page is found again.
func (c *Crawler) revisit(rf *revisitFetcher, r store.Revisit) revisitResult {
	res := revisitResult{outcome: store.RevisitFailed, etag: r.ETag, lastModified: r.LastModified}
	a, err := c.db.Article(r.Article)
	if err != nil {
		res.err = err
		return res
	}
	res.url, res.fetched = a.URL, a.Fetched
	if a.URL == "" {
		res.err = errors.New("the article has no page")
		return res
	}
	start := c.o.Now()
	page, fc, err := rf.pages.Fetch(a.URL, conditional(r))
	c.o.Metrics.fetched("page", c.o.Now().Sub(start))
	redirect := rf.redirects.Take(a.URL)
	if err != nil {
		return c.revisitFailed(a, err, res)
	}
	capture := storeCapture(fc)
	res.etag, res.lastModified = store.Validators(capture.Header)
	if redirect != 0 && awayFrom(a.URL, page.URL) {
		return c.withdraw(a, redirect, res)
	}
	cl := c.cleaner.Load()
	art, err := c.clean(cl, page)
	if err != nil {
		if redirect != 0 { // redirected to a page the cleaner finds no article in
			return c.withdraw(a, redirect, res)
		}
		return c.revisitFailed(a, err, res)
	}
	next := cleanedRecord(art, cl.Fingerprint(), known{title: a.Title, lead: a.Lead, published: a.Published})
	next.Fetched, next.Capture = c.o.Now(), capture
	return c.compare(a, next, res)
}

// conditional is the validators of r as request headers.
func conditional(r store.Revisit) http.Header {
	h := http.Header{}
	if r.ETag != "" {
		h.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		h.Set("If-Modified-Since", r.LastModified)
	}
	return h
}

// revisitFailed is the outcome of a revisit whose fetch or cleaning
// failed with err: unchanged for 304 Not Modified (a return, when the
// article was withdrawn) and for a permanent failure of an article from
// the feed (its page was missing already), withdrawn for 404 and 410,
// failed for anything else.
func (c *Crawler) revisitFailed(a *store.Article, err error, res revisitResult) revisitResult {
	var fe *fetch.Error
	status := 0
	if errors.As(err, &fe) {
		status = fe.Status
	}
	switch {
	case status == http.StatusNotModified && !a.Withdrawn.IsZero():
		back := *a
		back.Withdrawn, back.WithdrawnStatus = time.Time{}, 0
		return c.revise(a, &back, "found again (304)", res)
	case status == http.StatusNotModified:
		res.outcome = store.RevisitUnchanged
		return res
	case a.Source == store.SourceFeed && permanent(err):
		res.outcome = store.RevisitUnchanged // still no page: gone, refused, not an article
		return res
	case status == http.StatusNotFound || status == http.StatusGone:
		return c.withdraw(a, status, res)
	}
	res.err = err
	return res
}

// withdraw records that article a's page is gone, as status said; a
// withdrawn article stays as it is.
func (c *Crawler) withdraw(a *store.Article, status int, res revisitResult) revisitResult {
	if !a.Withdrawn.IsZero() {
		res.outcome = store.RevisitWithdrawn
		return res
	}
	w := *a
	w.Withdrawn, w.WithdrawnStatus = c.o.Now(), status
	res = c.revise(a, &w, fmt.Sprintf("withdrawn (%d)", status), res)
	if res.err == nil {
		res.outcome, res.news = store.RevisitWithdrawn, true
	}
	return res
}

// compare makes next, the article the revisit found, a new revision of a
// when the article changed (compared as the same cleaner makes both:
// cleanedAsNow), or when a was withdrawn or from the feed.
func (c *Crawler) compare(a, next *store.Article, res revisitResult) revisitResult {
	if a.Source == store.SourceFeed {
		next.Source = store.SourcePage
		res = c.revise(a, next, "page found", res)
		if res.err == nil {
			res.err = c.pageArrived(a)
		}
		return res
	}
	base := c.cleanedAsNow(a, next)
	if len(store.ArticleChanges(base, next)) == 0 && a.Withdrawn.IsZero() {
		res.outcome = store.RevisitUnchanged
		return res
	}
	if err := c.recleanFirst(a, base); err != nil {
		res.err = err
		return res
	}
	return c.revise(a, next, "revisit", res)
}

// revise stores next as a new revision of a, for reason.
func (c *Crawler) revise(a, next *store.Article, reason string, res revisitResult) revisitResult {
	changed, err := c.db.Revise(a.ID, next, reason)
	switch {
	case err != nil:
		res.outcome, res.err = store.RevisitFailed, err
	case changed:
		res.outcome = store.RevisitChanged
		if v, err := c.db.Article(a.ID); err == nil {
			res.changes = v.Changed
		}
	default:
		res.outcome = store.RevisitUnchanged
	}
	return res
}

// pageArrived records in the ledger that the item article a was made
// from has its page now.
func (c *Crawler) pageArrived(a *store.Article) error {
	if len(a.Feeds) == 0 {
		return nil
	}
	li := &store.Item{Feed: a.Feeds[0], GUID: a.GUID, Link: a.URL}
	err := c.db.SetItemOutcome(li, store.ItemOutcome{State: store.ItemPage, Article: a.ID, LastTry: c.o.Now()})
	if err != nil && !errors.Is(err, store.ErrNotFound) { // not in the ledger: nothing to say there
		return &archiveError{err}
	}
	return nil
}

// awayFrom reports whether a redirect from orig to final leads away from
// the article: to the site's home, or to a section above the article's
// path.
func awayFrom(orig, final string) bool {
	o, err1 := url.Parse(orig)
	f, err2 := url.Parse(final)
	if err1 != nil || err2 != nil {
		return false
	}
	fp, op := strings.TrimSuffix(f.Path, "/"), strings.TrimSuffix(o.Path, "/")
	if fp == "" {
		return op != ""
	}
	return fp != op && strings.HasPrefix(op, fp+"/")
}
