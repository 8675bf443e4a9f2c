package crawler

import (
	"context"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// turnInput is what a turn's goroutine gets of its turn: copies, so that
// only the scheduler's goroutine touches the turn itself.
type turnInput struct {
	feed   store.Feed
	st     store.FeedState
	owned  bool
	window time.Duration
}

// turnResult is what a turn hands back to the scheduler.
type turnResult struct {
	turn   *turn
	st     store.FeedState
	owned  bool
	next   time.Time
	parkOn <-chan struct{} // set when the feed is not this node's: wait for this change
}

// takeTurn is a feed's turn: in a cluster, the feed is polled only when
// it is this node's (a feed newly this node's first takes the state its
// last poller shared, and may not be due yet); then the feed is polled
// and its state kept. fetched is called when the feed request ends.
func (c *Crawler) takeTurn(ctx context.Context, pages *fetch.Pages, in turnInput, fetched func()) turnResult {
	r := turnResult{st: in.st, owned: in.owned}
	if ctx.Err() != nil {
		return r
	}
	if c.o.Cluster != nil && !c.ownTurn(ctx, in, &r) {
		return r
	}
	sum, st, err := c.pollFeed(ctx, pages, in.feed, r.st, fetched)
	c.book.put(st)
	c.shareState(ctx, st)
	if err != nil && ctx.Err() == nil {
		c.o.Logger.Warn("poll failed", "feed", in.feed.Name, "url", in.feed.URL, "kind", KindOf(err), "next", sum.Next, "err", err)
	}
	r.st, r.next = st, sum.Next
	if r.next.IsZero() { // the state could not be read: try again later
		r.next = c.o.Now().Add(in.feed.Interval)
	}
	return r
}
