package crawler

import (
	"context"
	"sync"
	"time"
)

// Run polls every feed on its interval until ctx is cancelled, then waits
// for in-flight work to finish or abort and returns. A feed's next check
// is kept in the archive, so a restart resumes its schedule; feeds that
// are due at start-up are spread out by host_delay instead of all firing
// at once. Errors of a feed or a page are logged and never stop the loop.
func (c *Crawler) Run(ctx context.Context, feeds []Feed) error {
	pages := newPageFetcher(ctx, c.client, c.o)
	var wg sync.WaitGroup
	for i, f := range feeds {
		wg.Go(func() { c.loop(ctx, pages, f, time.Duration(i)*c.o.HostDelay) })
	}
	wg.Wait()
	return nil
}

// loop polls one feed on its schedule; stagger delays a first poll that
// is already due.
func (c *Crawler) loop(ctx context.Context, pages *pageFetcher, feed Feed, stagger time.Duration) {
	next := c.firstCheck(feed, stagger)
	for {
		if !sleepUntil(ctx, next) {
			return
		}
		if _, err := c.pollFeed(ctx, pages, feed); err != nil && ctx.Err() == nil {
			c.o.Logger.Warn("poll failed", "feed", feed.Name, "url", feed.URL, "kind", KindOf(err), "err", err)
		}
		next = c.o.Now().Add(feed.Interval)
	}
}

// firstCheck is when to poll feed first: its stored next check, or now
// plus stagger when that is past or unknown.
func (c *Crawler) firstCheck(feed Feed, stagger time.Duration) time.Time {
	now := c.o.Now()
	st, err := c.db.FeedState(feed.Name)
	if err != nil || st.NextCheck.Before(now) || st.URL != feed.URL {
		return now.Add(stagger)
	}
	if limit := now.Add(feed.Interval); st.NextCheck.After(limit) {
		return limit // the interval was shortened since
	}
	return st.NextCheck
}

// sleepUntil waits until t; false when ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
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
