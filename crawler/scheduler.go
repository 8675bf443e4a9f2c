package crawler

import (
	"context"
	"sync"
	"time"
)

// Run polls every feed on its schedule until ctx is cancelled, then waits
// for in-flight work to finish or abort and returns. Each feed's next
// check is kept in the archive, so a restart resumes the schedule; feeds
// already due at start-up are spread over the coming minute instead of
// all firing at once. Errors of a feed or a page are logged, recorded in
// the feed's state and never stop the loop; no feed is ever dropped.
func (c *Crawler) Run(ctx context.Context, feeds []Feed) error {
	pages := newPageFetcher(ctx, c.client, c.robots, c.o)
	c.o.Metrics.running(true)
	c.running.Store(true)
	defer func() {
		c.running.Store(false)
		c.o.Metrics.running(false)
	}()
	book := c.book
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		book.run(ctx, stateFlushEvery, func(err error) { c.o.Logger.Error("store feed states; will retry", "err", err) })
	}()
	window := c.spreadWindow(len(feeds))
	var wg sync.WaitGroup
	for _, f := range feeds {
		wg.Go(func() { c.loop(ctx, pages, book, f, window) })
	}
	wg.Wait()
	<-flushed
	return book.flush() // the last polls' states
}

// stateFlushEvery is how often the daemon writes feed states.
const stateFlushEvery = time.Second

// loop polls one feed on its schedule.
func (c *Crawler) loop(ctx context.Context, pages *pageFetcher, book *stateBook, feed Feed, window time.Duration) {
	log := c.o.Logger.With("feed", feed.Name)
	st, err := c.db.FeedState(feed.Name)
	if err != nil {
		log.Error("read feed state; polling as if new", "err", err)
	}
	next := c.firstCheck(feed, st, c.o.Now(), window)
	for c.sleepUntil(ctx, next) {
		var sum Summary
		sum, st, err = c.pollFeed(ctx, pages, feed, st)
		book.put(st)
		if err != nil && ctx.Err() == nil {
			log.Warn("poll failed", "url", feed.URL, "kind", KindOf(err), "next", sum.Next, "err", err)
		}
		next = sum.Next
		if next.IsZero() { // the state could not be read: try again later
			next = c.o.Now().Add(feed.Interval)
		}
	}
}

// sleepUntil waits until t; false when ctx ended first.
func (c *Crawler) sleepUntil(ctx context.Context, t time.Time) bool {
	d := t.Sub(c.o.Now())
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Running reports whether Run is polling feeds.
func (c *Crawler) Running() bool { return c.running.Load() }
