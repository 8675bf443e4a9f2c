package crawler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
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
func (c *Crawler) retryLoop(ctx context.Context, pages *fetch.Pages) {
	ctx = fetch.LowPriority(ctx)
	wait := archiveWait{most: retryIdle}
	for ctx.Err() == nil {
		if !c.waitLive(ctx) {
			continue
		}
		n, err := c.retryDue(ctx, pages)
		if c.waitAfter(ctx, &wait, "page retries", err) {
			continue
		}
		if n == retryBatch {
			continue // more are due
		}
		c.sleepUntil(ctx, c.nextRetry(), retryIdle, c.retryWake)
	}
}

// retryAllDue tries every due item once, for a one-off run with no retry
// loop beside it; it stops at the first pass the archive could not
// record, whose items would come due again at once.
func (c *Crawler) retryAllDue(ctx context.Context, pages *fetch.Pages) {
	ctx = fetch.LowPriority(ctx)
	for ctx.Err() == nil {
		n, err := c.retryDue(ctx, pages)
		if err != nil {
			c.o.Logger.Error("page retries: the archive could not be read or written", "err", err)
		}
		if n < retryBatch || err != nil {
			return
		}
	}
}

// retryDue tries the pages of up to retryBatch due items, in parallel,
// and returns how many it took; in a cluster, a due item of a feed another
// node polls is put off instead (leaveItem). The error is the archive's:
// due items could not be read, or the outcome of one (the first) could not
// be recorded.
func (c *Crawler) retryDue(ctx context.Context, pages *fetch.Pages) (int, error) {
	due, err := c.db.DueItems(c.o.Now(), retryBatch)
	if err != nil {
		return 0, err
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for _, si := range due {
		if !c.ownsFeed(si.Feed) {
			err = errors.Join(err, c.leaveItem(si))
			continue
		}
		wg.Go(func() {
			if aerr := c.retryItem(ctx, pages, si); aerr != nil {
				mu.Lock()
				first = cmp.Or(first, aerr)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return len(due), errors.Join(err, first)
}

// retryItem tries the page of one pending item again, and returns the
// archive's error when its outcome could not be recorded (the loop logs
// it); other failures it logs itself.
func (c *Crawler) retryItem(ctx context.Context, pages *fetch.Pages, si store.Item) error {
	it := Item{
		GUID: si.GUID, Link: si.Link, Title: si.Title, Description: si.Summary, Content: si.Content,
		Author: si.Author, Categories: si.Categories, Enclosures: si.Enclosures,
		Published: si.Published, Updated: si.Updated,
	}
	feed := store.Feed{Name: si.Feed}
	o, err := c.tryItem(ctx, pages, feed, it, si)
	switch {
	case err == nil || ctx.Err() != nil:
	case KindOf(err) == KindArchive:
		c.o.Metrics.articleFailed(string(KindArchive))
		return fmt.Errorf("feed %s, item %s: %w", si.Feed, cmp.Or(si.Link, si.GUID), err)
	default:
		c.o.Logger.Warn("page retry failed", "feed", si.Feed, "url", si.Link, "guid", si.GUID, "tries", si.Outcome.Tries+1,
			"kind", KindOf(err), "err", err)
		c.o.Metrics.articleFailed(string(KindOf(err)))
	}
	if o == outcomeNew {
		c.o.Logger.Info("page archived on retry", "feed", si.Feed, "url", si.Link, "tries", si.Outcome.Tries+1)
	}
	return nil
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
