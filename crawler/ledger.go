package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// ledgerItem is it as the archive's ledger records it.
func ledgerItem(feed string, it Item) *store.Item {
	return &store.Item{
		Feed: feed, GUID: it.GUID, Link: it.Link, Title: it.Title, Summary: it.Description, Content: it.Content,
		Author: it.Author, Published: it.Published, Updated: it.Updated, Categories: it.Categories,
		Enclosures: it.Enclosures,
	}
}

// sightItems records the items of one poll in the archive's ledger, the
// new ones before any page is fetched, and returns each as recorded.
func (c *Crawler) sightItems(feed store.Feed, items []Item) ([]store.Item, error) {
	now := c.o.Now()
	lis := make([]*store.Item, len(items))
	for i, it := range items {
		lis[i] = ledgerItem(feed.Name, it)
		lis[i].FirstSeen = now
		lis[i].Outcome.NextTry = now.Add(firstTryLease)
	}
	recs, _, err := c.db.SightItems(lis)
	if err != nil {
		return nil, &archiveError{err}
	}
	return recs, nil
}

// archiveItem accounts for one item a feed showed, recorded (rec) by
// sightItems: a new one is archived from its page, or put off for another
// try of its page on its own schedule, or, when the page cannot be had,
// archived from the feed's own content. What decides is whether a try of
// its page ever ended, not whether this poll saw it first.
func (c *Crawler) archiveItem(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, rec store.Item) (outcome, error) {
	switch {
	case rec.Outcome.State == store.ItemPage: // the ledger knows its article: no lookup
		return c.onSignal(ctx, pages, feed, it, rec)
	case rec.Outcome.State == store.ItemFeed, rec.Outcome.State == store.ItemGivenUp:
		c.o.Metrics.duplicate()
		return outcomeDuplicate, nil
	case rec.Outcome.Tries > 0:
		return outcomePending, nil // its retries come on its own schedule, not the feed's
	}
	// New, or never tried to the end: a first try cut short by a crash or
	// by an archive that could not be written. The poll that read the feed
	// again owns it (its validators were not kept).
	return c.tryItem(ctx, pages, feed, it, rec)
}

// firstTryLease is how long the first try of a new item's page has before
// the retry schedule takes the item for one that a crash interrupted.
// Fetching, cleaning and storing take seconds; the wait for a worker slot
// may take minutes on a busy daemon.
const firstTryLease = 15 * time.Minute

// tryItem tries the page of a pending item once and records what came of
// it. A failure that may pass puts the item off until its next try; a
// permanent one, or the last try, makes it an article from the feed. In a
// cluster, the item's retry schedule is shared while it is pending, so
// that it goes on where its feed moves.
func (c *Crawler) tryItem(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, rec store.Item) (outcome, error) {
	o, err := c.tryPage(ctx, pages, feed, it, rec)
	if settled(ctx, o, err) && rec.Outcome.Tries > 0 {
		c.dropPending(ctx, rec) // shared when its first try failed
	}
	return o, err
}

// tryPage is tryItem without the sharing of a settled item.
func (c *Crawler) tryPage(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, rec store.Item) (outcome, error) {
	li := ledgerItem(feed.Name, it)
	err := checkLink(it.Link)
	if err == nil {
		var o outcome
		if o, err = c.archivedBefore(ctx, pages, feed, it, li, rec); o != outcomeFailed || err != nil {
			return o, err
		}
	}
	if err == nil {
		if err := c.unsaved.hold(store.ItemID(li), c.o.Now()); err != nil {
			return outcomeFailed, err
		}
	}
	claimed := false
	if err == nil {
		if o, done, err := c.claimItem(ctx, feed, it, li, rec); done {
			return o, err
		}
		claimed = c.o.Cluster != nil
	}
	tries, now := rec.Outcome.Tries, c.o.Now()
	if err == nil {
		tries++ // a link-less item is never tried
	}
	var id uint64
	o := outcomeFailed
	if err == nil {
		id, o, err = c.fetchAndSave(ctx, pages, feed, it, true)
		c.unsaved.note(store.ItemID(li), c.o.Now(), err)
	}
	if err == nil {
		return o, c.setOutcome(li, store.ItemOutcome{State: store.ItemPage, Article: id, Tries: tries, LastTry: now})
	}
	var ae *archiveError
	if ctx.Err() != nil || errors.As(err, &ae) {
		return outcomeFailed, err // not the page's fault: no try counted
	}
	if o, done, serr := c.textElsewhere(ctx, feed, it, li, rec, err); done {
		return o, serr
	}
	if claimed {
		c.releaseClaims(ctx, feed, it) // the next try may come on another node
	}
	try := pageTry(err, tries, now)
	if !permanent(err) && tries < c.o.PageRetry.Tries {
		try.State, try.NextTry = store.ItemPending, now.Add(c.o.PageRetry.after(tries, retryAfterOf(err)))
		if serr := c.setOutcome(li, try); serr != nil {
			return outcomeFailed, serr
		}
		c.sharePending(ctx, rec, try)
		nudge(c.retryWake) // an item put off
		return outcomePending, err
	}
	c.o.Metrics.articleFailed(string(KindOf(err))) // the page failed, whatever the feed gives
	return c.fromFeed(feed, it, li, try, err)
}

// settled reports whether a try of an item that ended in o and err left
// it archived, here or elsewhere, or given up: pending no more.
func settled(ctx context.Context, o outcome, err error) bool {
	switch o {
	case outcomeNew, outcomeDuplicate, outcomeFromFeed:
		return true
	case outcomeFailed:
		var ae *archiveError
		return err != nil && ctx.Err() == nil && !errors.As(err, &ae)
	}
	return false
}

// archivedBefore finds a pending item whose page the archive already has,
// through another feed or from before the ledger, and records it archived:
// outcomeFailed and no error when it is not.
func (c *Crawler) archivedBefore(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, li *store.Item, rec store.Item) (outcome, error) {
	id, seen, err := c.db.Seen(feed.Name, it.GUID, it.Link)
	if err != nil {
		return outcomeFailed, &archiveError{err}
	}
	if !seen {
		return outcomeFailed, nil
	}
	o := rec.Outcome
	o.State, o.Article, o.NextTry = store.ItemPage, id, time.Time{}
	if err := c.setOutcome(li, o); err != nil {
		return outcomeFailed, err
	}
	return c.maybeRevise(ctx, pages, feed, it, id)
}

// setOutcome records what became of an item.
func (c *Crawler) setOutcome(li *store.Item, o store.ItemOutcome) error {
	if err := c.db.SetItemOutcome(li, o); err != nil {
		return &archiveError{err}
	}
	return nil
}

// checkLink refuses what cannot be fetched as a page: no link, or one
// that is not an absolute http(s) URL.
func checkLink(link string) error {
	if link == "" {
		return &fetch.Error{Kind: KindNoLink, Err: errors.New("the item links to no page")}
	}
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &fetch.Error{Kind: fetch.KindInvalidURL, URL: link, Err: errors.New("not an http or https URL")}
	}
	return nil
}

// pageTry is the outcome of try number tries that failed with err.
func pageTry(err error, tries int, now time.Time) store.ItemOutcome {
	o := store.ItemOutcome{Tries: tries, LastTry: now, Reason: string(KindOf(err))}
	var fe *fetch.Error
	if errors.As(err, &fe) {
		o.HTTPStatus = fe.Status
	}
	if o.Reason == "" {
		o.Reason = "error"
	}
	return o
}

// retryAfterOf is the wait a server asked for in err, 0 when none.
func retryAfterOf(err error) time.Duration {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.RetryAfter
	}
	return 0
}

// fromFeed archives the item from the feed's own content, its page being
// unavailable (why says how the last try ended, err how it failed); or,
// when the feed gives no text of its own, records it given up.
func (c *Crawler) fromFeed(feed store.Feed, it Item, li *store.Item, why store.ItemOutcome, err error) (outcome, error) {
	text := feedText(it.Content)
	lead := htmlText(it.Description)
	if text == "" {
		text, lead = feedText(it.Description), ""
	}
	if text == "" {
		why.State = store.ItemGivenUp
		if serr := c.setOutcome(li, why); serr != nil {
			return outcomeFailed, serr
		}
		return outcomeFailed, fmt.Errorf("no page and no text in the feed: %w", err)
	}
	a := c.feedArticle(it, text, lead, why, pageStatus(err))
	var urls []string
	if checkLink(it.Link) == nil {
		a.URL, urls = it.Link, []string{it.Link}
		a.RevisitAt = c.revisitAt(a, true) // its page may come
	}
	id, created, serr := c.db.Save(a, feed.Name, it.GUID, urls...)
	if serr != nil {
		return outcomeFailed, &archiveError{serr}
	}
	why.State, why.Article = store.ItemFeed, id
	if serr := c.setOutcome(li, why); serr != nil {
		return outcomeFailed, serr
	}
	c.markArchived(context.Background(), itemKeys(feed, it), "", it.Link) // no other node is to try its page again
	if !created {
		c.o.Metrics.duplicate()
		return outcomeDuplicate, nil
	}
	c.o.Metrics.archived(a.Published, a.Fetched)
	c.o.Logger.Info("article from the feed", "feed", feed.Name, "url", it.Link, "guid", it.GUID,
		"page", a.Page.Status, "reason", why.Reason, "tries", why.Tries, "err", err)
	return outcomeFromFeed, nil
}

// pageStatus is the page status of an article from the feed whose page
// failed with err.
func pageStatus(err error) string {
	switch {
	case KindOf(err) == KindNoLink:
		return store.PageNone
	case permanent(err):
		return store.PageUnavailable
	}
	return store.PageFailing // the tries ran out
}

// feedArticle is the article the feed's own fields make.
func (c *Crawler) feedArticle(it Item, text, lead string, why store.ItemOutcome, status string) *store.Article {
	return &store.Article{
		GUID: it.GUID, Title: it.Title, Lead: lead, Author: it.Author, Published: it.Published,
		Fetched: c.o.Now(), Tags: it.Categories, Text: text, Extractor: "feed",
		Source: store.SourceFeed, Enclosures: it.Enclosures,
		Page: &store.PageOutcome{Status: status, HTTPStatus: why.HTTPStatus, Reason: why.Reason, Tries: why.Tries, LastTry: why.LastTry},
	}
}
