package crawler

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

type outcome int

const (
	outcomeFailed        outcome = iota // not archived, and not to be tried again by itself
	outcomeNew                          // archived from its page for the first time
	outcomeDuplicate                    // archived already
	outcomeFromFeed                     // archived from the feed's own content
	outcomePending                      // its page is to be tried again, on its own schedule
	outcomeArchiveFailed                // the archive could not be read or written: tried again at the next poll
)

// archivePage archives the page an item links to unless the archive has
// it already, without recording the item: for the pages a backfill finds,
// which no feed showed as items. An archived item that the feed marks
// updated since it was fetched is fetched again, and a changed text
// becomes a new revision.
func (c *Crawler) archivePage(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item) (outcome, error) {
	if it.Link == "" {
		return outcomeFailed, &fetch.Error{Kind: KindNoLink, Err: errors.New("item has no link")}
	}
	id, seen, err := c.db.Seen(feed.Name, it.GUID, it.Link)
	if err != nil {
		return outcomeFailed, &archiveError{err}
	}
	if seen {
		if o, done, err := c.pageFound(ctx, pages, it, id); done {
			return o, err
		}
		return c.maybeRevise(ctx, pages, feed, it, id)
	}
	_, o, err := c.fetchAndSave(ctx, pages, feed, it, false)
	return o, err
}

// pageFound fetches the page of an article archived from the feed, its
// page having been unavailable, when a backfill meets its link again: a
// page that is there now replaces the feed's text as a new revision, and
// the item's ledger entry says so. done is false when the article is not
// from the feed.
func (c *Crawler) pageFound(ctx context.Context, pages *fetch.Pages, it Item, id uint64) (outcome, bool, error) {
	old, err := c.db.Article(id)
	if err != nil {
		return outcomeFailed, true, &archiveError{err}
	}
	if old.Source != store.SourceFeed {
		return outcomeDuplicate, false, nil
	}
	c.o.Metrics.duplicate()
	if err := c.takeWorker(ctx); err != nil {
		return outcomeFailed, true, err
	}
	defer c.workers.give()
	a, err := c.fetchArticle(ctx, pages, it)
	if err != nil {
		return outcomeDuplicate, true, nil // still unavailable: the feed's text stays
	}
	a.Source = store.SourcePage
	if _, err := c.db.Revise(id, a, "page found"); err != nil {
		return outcomeFailed, true, &archiveError{err}
	}
	if err := c.pageArrived(old); err != nil {
		return outcomeFailed, true, err
	}
	return outcomeDuplicate, true, nil
}

// fetchAndSave fetches, cleans and saves the item's page: the id of its
// article and whether it was new. shown says a feed showed the item (a
// backfill finds pages no feed shows), for its revisits. In a cluster, the
// item's keys and its text's are then marked archived.
func (c *Crawler) fetchAndSave(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, shown bool) (uint64, outcome, error) {
	id, o, textKey, err := c.saveFetched(ctx, pages, feed, it, shown)
	if err == nil && c.o.Cluster != nil {
		keys := itemKeys(feed, it)
		if textKey != "" {
			keys = append(keys, textKey)
		}
		c.markArchived(ctx, keys, "", it.Link)
	}
	return id, o, err
}

// saveFetched is fetchAndSave under a worker slot, without the marks: it
// also returns the claim key of the text saved.
func (c *Crawler) saveFetched(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, shown bool) (uint64, outcome, string, error) {
	// The worker slot is held from the fetch through the save, so that
	// fetched pages cannot pile up in memory ahead of cleaning and storing.
	if err := c.takeWorker(ctx); err != nil {
		return 0, outcomeFailed, "", err
	}
	defer c.workers.give()
	a, err := c.fetchArticle(ctx, pages, it)
	if err == nil {
		err = c.claimText(ctx, a)
	}
	if err != nil {
		return 0, outcomeFailed, "", err
	}
	a.RevisitAt = c.revisitAt(a, shown)
	id, created, err := c.db.Save(a, feed.Name, it.GUID, identityURLs(it.Link, a.URL, a.CanonicalURL)...)
	if err != nil {
		return 0, outcomeFailed, "", &archiveError{err}
	}
	textKey := store.TextClaimKey(a.Text)
	if created {
		nudge(c.revisitWake) // a new article on the revisit schedule
		c.o.Metrics.archived(a.Published, a.Fetched)
		return id, outcomeNew, textKey, nil
	}
	c.o.Metrics.duplicate()
	return id, outcomeDuplicate, textKey, nil
}

// takeWorker takes one of the worker slots that cap articles in flight,
// in the order of ctx's ticket (see workerSlots).
func (c *Crawler) takeWorker(ctx context.Context) error {
	return c.workers.take(ctx)
}

// fetchArticle fetches and cleans the item's page; the caller holds a
// worker slot.
func (c *Crawler) fetchArticle(ctx context.Context, pages *fetch.Pages, it Item) (*store.Article, error) {
	start := c.o.Now()
	page, capture, err := pages.Fetch(it.Link, nil)
	c.o.Metrics.fetched("page", c.o.Now().Sub(start))
	if err != nil {
		return nil, err
	}
	cl := c.cleaner.Load()
	art, err := c.clean(cl, page)
	if err != nil {
		return nil, err
	}
	art.CanonicalURL = resolveCanonical(page.URL, art.CanonicalURL)
	a := c.record(art, cl.Fingerprint(), page, it)
	a.Capture = storeCapture(capture)
	return a, nil
}

// clean cleans page under one of the slots that cap cleanings at once. The
// wait for a slot does not heed cancellation: the page is fetched already,
// the cleanings ahead of it take milliseconds, and an article in flight is
// finished and saved rather than fetched again by the next run.
func (c *Crawler) clean(cleaner *clean.Cleaner, page clean.Page) (*clean.Article, error) {
	c.cleaners <- struct{}{}
	defer func() { <-c.cleaners }()
	art, err := cleaner.Clean(page)
	if err != nil {
		return nil, &fetch.Error{Kind: KindContent, URL: page.URL, Err: err}
	}
	return art, nil
}

// maybeRevise fetches an archived item again when the feed says it
// changed after the archive's version (see updatedSince).
func (c *Crawler) maybeRevise(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, id uint64) (outcome, error) {
	c.o.Metrics.duplicate()
	if it.Updated.IsZero() && it.Published.IsZero() {
		return outcomeDuplicate, nil
	}
	old, err := c.db.Article(id)
	if err != nil {
		return outcomeFailed, &archiveError{err}
	}
	if !updatedSince(it, old) {
		return outcomeDuplicate, nil
	}
	return c.refetch(ctx, pages, feed, it, old)
}

// refetch fetches an archived item's page again, the feed having said it
// changed; a changed article becomes a new revision (compared as the same
// cleaner makes both: cleanedAsNow).
func (c *Crawler) refetch(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, old *store.Article) (outcome, error) {
	if err := c.takeWorker(ctx); err != nil {
		return outcomeFailed, err
	}
	defer c.workers.give()
	a, err := c.fetchArticle(ctx, pages, it)
	if err != nil {
		return outcomeFailed, err
	}
	base := c.cleanedAsNow(old, a)
	if base != old && len(store.ArticleChanges(base, a)) == 0 {
		return outcomeDuplicate, nil // only the cleaner differs
	}
	if err := c.recleanFirst(old, base); err != nil {
		return outcomeFailed, &archiveError{err}
	}
	if _, err := c.db.Revise(old.ID, a, "updated in feed "+feed.Name); err != nil {
		return outcomeFailed, &archiveError{err}
	}
	return outcomeDuplicate, nil
}

// record builds the archive record of a new article, taking from the
// feed item what the page did not give.
func (c *Crawler) record(art *clean.Article, rules string, page clean.Page, it Item) *store.Article {
	a := cleanedRecord(art, rules, known{title: it.Title, lead: htmlText(it.Description), published: it.Published})
	a.URL = page.URL
	a.CanonicalURL = canonical(page.URL, art.CanonicalURL)
	a.GUID = it.GUID
	a.Fetched = c.o.Now()
	return a
}

// identityURLs lists every address the article is known by.
func identityURLs(link, final, canonicalURL string) []string {
	urls := []string{link, final}
	if sameSite(final, canonicalURL) {
		urls = append(urls, canonicalURL)
	}
	return urls
}

// resolveCanonical makes a canonical link absolute against the page URL;
// "" when it is not an http(s) URL, so a broken link cannot block saving.
func resolveCanonical(pageURL, canonicalURL string) string {
	if canonicalURL == "" {
		return ""
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	u, err := base.Parse(canonicalURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// canonical is the page's canonical URL when it is on the same site as the
// page, else the page's final URL.
func canonical(final, canonicalURL string) string {
	if sameSite(final, canonicalURL) {
		return canonicalURL
	}
	return final
}

// sameSite reports whether two URLs share a host, ignoring "www.".
func sameSite(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || b == "" {
		return false
	}
	host := func(u *url.URL) string { return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") }
	return host(ua) == host(ub)
}
