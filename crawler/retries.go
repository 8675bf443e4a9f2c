package crawler

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// retryBatch is how many due items the retry loop takes at a time.
const retryBatch = 64

// retryIdle is how long the retry loop waits when the archive cannot be
// read, or nothing is pending; an item put off meanwhile wakes it.
const retryIdle = time.Hour

// retryLoop tries the pages of pending items when their next try is due,
// until ctx ends: at low priority on each host (pages fetches with a
// LowPriority context), so that polls and new items go first, and in the
// same worker slots. The schedule is the
// archive's, so retries survive restarts.
func (c *Crawler) retryLoop(ctx context.Context, pages *pageFetcher) {
	ctx = LowPriority(ctx)
	for ctx.Err() == nil {
		if !c.waitLive(ctx) {
			continue
		}
		n, err := c.retryDue(ctx, pages)
		if err != nil {
			c.o.Logger.Error("read pending items; will try again", "err", err)
		}
		if n == retryBatch && err == nil {
			continue // more are due
		}
		c.sleepUntil(ctx, c.nextRetry(), retryIdle, c.retryWake)
	}
}

// retryAllDue tries every due item once, for a one-off run with no retry
// loop beside it.
func (c *Crawler) retryAllDue(ctx context.Context, pages *pageFetcher) {
	ctx = LowPriority(ctx)
	for ctx.Err() == nil {
		n, err := c.retryDue(ctx, pages)
		if err != nil {
			c.o.Logger.Error("read pending items", "err", err)
		}
		if n < retryBatch || err != nil {
			return
		}
	}
}

// retryDue tries the pages of up to retryBatch due items, in parallel,
// and returns how many it took; in a cluster, a due item of a feed another
// node polls is put off instead (leaveItem).
func (c *Crawler) retryDue(ctx context.Context, pages *pageFetcher) (int, error) {
	due, err := c.db.DueItems(c.o.Now(), retryBatch)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, si := range due {
		if !c.ownsFeed(si.Feed) {
			err = errors.Join(err, c.leaveItem(si))
			continue
		}
		wg.Go(func() { c.retryItem(ctx, pages, si) })
	}
	wg.Wait()
	return len(due), err
}

// retryItem tries the page of one pending item again.
func (c *Crawler) retryItem(ctx context.Context, pages *pageFetcher, si store.Item) {
	it := Item{
		GUID: si.GUID, Link: si.Link, Title: si.Title, Description: si.Summary, Content: si.Content,
		Author: si.Author, Categories: si.Categories, Enclosures: si.Enclosures,
		Published: si.Published, Updated: si.Updated,
	}
	feed := Feed{Name: si.Feed}
	o, err := c.tryItem(ctx, pages, feed, it, si)
	if err != nil && ctx.Err() == nil {
		c.o.Logger.Warn("page retry failed", "feed", si.Feed, "url", si.Link, "guid", si.GUID, "tries", si.Outcome.Tries+1,
			"kind", KindOf(err), "err", err)
		c.o.Metrics.articleFailed(string(KindOf(err)))
	}
	if o == outcomeNew {
		c.o.Logger.Info("page archived on retry", "feed", si.Feed, "url", si.Link, "tries", si.Outcome.Tries+1)
	}
}

// nextRetry is when the earliest pending item is due; zero when none is.
func (c *Crawler) nextRetry() time.Time {
	farFuture := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) // later than any next try
	next, err := c.db.DueItems(farFuture, 1)
	if err != nil || len(next) == 0 {
		return time.Time{}
	}
	return next[0].Outcome.NextTry
}
