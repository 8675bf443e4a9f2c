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
	var wg sync.WaitGroup
	loops := feedLoops{}
	start := func(feeds []Feed) {
		window := c.spreadWindow(len(feeds))
		for _, f := range feeds {
			l := newFeedLoop(f)
			loops[f.Name] = l
			c.feedURLs.Store(f.Name, f.URL) // before the retry loop asks whose it is
			wg.Go(func() { c.loop(ctx, pages, book, l, window) })
		}
	}
	start(feeds)
	wg.Go(func() { c.retryLoop(ctx, newPageFetcher(LowPriority(ctx), c.client, c.robots, c.o)) })
	if len(c.o.Revisit) > 0 {
		wg.Go(func() { c.revisitLoop(ctx, c.newRevisitFetcher(ctx)) })
	}
	c.watchReloads(ctx, loops, start)
	wg.Wait()
	<-flushed
	return book.flush() // the last polls' states
}

// watchReloads applies reloads until ctx ends.
func (c *Crawler) watchReloads(ctx context.Context, loops feedLoops, start func([]Feed)) {
	for {
		select {
		case <-ctx.Done():
			return
		case r := <-c.reloads:
			c.cleaner.Store(r.Cleaner)
			added, removed, changed := loops.apply(r)
			start(added)
			c.o.Logger.Info("config reloaded", "feeds", len(loops), "added", len(added), "removed", removed, "changed", changed)
		}
	}
}

// stateFlushEvery is how often the daemon writes feed states.
const stateFlushEvery = time.Second

// loop polls one feed on its schedule.
func (c *Crawler) loop(ctx context.Context, pages *pageFetcher, book *stateBook, l *feedLoop, window time.Duration) {
	feed := *l.feed.Load()
	c.feedURLs.Store(feed.Name, feed.URL)
	defer c.feedURLs.Delete(feed.Name) // removed by a reload, or Run ends
	log := c.o.Logger.With("feed", feed.Name)
	st, err := c.db.FeedState(feed.Name)
	if err != nil {
		log.Error("read feed state; polling as if new", "err", err)
	}
	next := c.firstCheck(feed, st, c.o.Now(), window)
	owned := false // in a cluster: whether the feed was this node's at its last turn
	for c.waitTurn(ctx, l, &next, st.LastPoll) {
		if c.o.Cluster != nil && !c.ownTurn(ctx, l, &st, &next, &owned, window) {
			continue
		}
		feed = *l.feed.Load()
		c.feedURLs.Store(feed.Name, feed.URL)
		var sum Summary
		sum, st, err = c.pollFeed(ctx, pages, feed, st)
		book.put(st)
		c.shareState(ctx, st)
		if err != nil && ctx.Err() == nil {
			log.Warn("poll failed", "url", feed.URL, "kind", KindOf(err), "next", sum.Next, "err", err)
		}
		next = sum.Next
		if next.IsZero() { // the state could not be read: try again later
			next = c.o.Now().Add(feed.Interval)
		}
	}
}

// waitTurn waits until *next; false when ctx ended or the loop was
// stopped. When the feed changes meanwhile (a reload), the wait is
// shortened to the new interval after the last poll.
func (c *Crawler) waitTurn(ctx context.Context, l *feedLoop, next *time.Time, lastPoll time.Time) bool {
	for {
		select {
		case <-l.stop:
			return false
		default:
		}
		d := next.Sub(c.o.Now())
		if d <= 0 {
			return ctx.Err() == nil
		}
		timer := time.NewTimer(d)
		select {
		case <-timer.C:
			return true
		case <-ctx.Done():
			timer.Stop()
			return false
		case <-l.stop:
			timer.Stop()
			return false
		case <-l.wake:
			timer.Stop()
			if f := l.feed.Load(); !lastPoll.IsZero() {
				*next = minTime(*next, lastPoll.Add(f.Interval))
			}
		}
	}
}

// Running reports whether Run is polling feeds.
func (c *Crawler) Running() bool { return c.running.Load() }
