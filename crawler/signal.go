package crawler

import (
	"context"
	"errors"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// signalGap is the least time between two fetches of one item's page that
// its feed's dates ask for: a feed that moves an item's date at every poll
// gets its page fetched every half hour, not at every poll. A date the
// gap puts off is acted on by a later poll.
const signalGap = 30 * time.Minute

// feedSignal is the latest date the feed gives the item: when it was
// updated (Atom updated, dc:modified, dc:date) or, for RSS, which has no
// other field for it, its pubDate.
func feedSignal(it Item) time.Time {
	return laterOf(it.Updated, it.Published)
}

// updatedSince reports whether the feed says the item changed after old,
// the archive's version, was made: it was updated after the version was
// fetched, or published later than the version's published time.
func updatedSince(it Item, old *store.Article) bool {
	made := laterOf(old.Fetched, old.Revised)
	return it.Updated.After(made) || !old.Published.IsZero() && it.Published.After(old.Published)
}

// onSignal fetches again the page of an item the ledger knows archived
// when the feed's date for it moved later than the date it gave when its
// page was last fetched, and records the date acted on. Comparing with
// the ledger's date, not the article's, reads no article at each poll and
// fetches a page once per move: a page that keeps its published time
// while the feed's moves is not fetched again at every poll. The date is
// recorded before the fetch, so that an archive that cannot record it
// (a full disk) has no page fetched at every poll meanwhile; a fetch cut
// short by the end of ctx gives the item its outcome back, for the next
// run to act on the date.
func (c *Crawler) onSignal(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, rec store.Item) (outcome, error) {
	c.o.Metrics.duplicate()
	sig, known := feedSignal(it), rec.Outcome.Signal
	if known.IsZero() {
		known = laterOf(rec.Updated, rec.Published) // what the feed said when the page was fetched
	}
	now := c.o.Now()
	if !sig.After(known) || now.Sub(rec.Outcome.LastTry) < signalGap {
		return outcomeDuplicate, nil
	}
	old, err := c.db.Article(rec.Outcome.Article)
	if err != nil {
		return outcomeFailed, &archiveError{err}
	}
	li := ledgerItem(feed.Name, it)
	next := rec.Outcome
	next.Signal, next.LastTry = sig, now
	if serr := c.setOutcome(li, next); serr != nil {
		return outcomeFailed, serr
	}
	o, err := c.refetch(ctx, pages, feed, it, old)
	if ctx.Err() != nil {
		return o, errors.Join(err, c.setOutcome(li, rec.Outcome))
	}
	if err != nil {
		c.o.Logger.Warn("refetch of an updated item failed", "feed", feed.Name, "url", it.Link, "kind", KindOf(err), "err", err)
	}
	return outcomeDuplicate, nil
}

// laterOf is the later of a and b.
func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
