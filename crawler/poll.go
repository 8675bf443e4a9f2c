package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// pollFeed polls one feed, archives its new items and records the feed's
// state. The error is returned when the feed itself could not be read.
func (c *Crawler) pollFeed(ctx context.Context, pages *pageFetcher, feed Feed) (Summary, error) {
	sum := Summary{Feed: feed.Name}
	log := c.o.Logger.With("feed", feed.Name)
	st, err := c.db.FeedState(feed.Name)
	if err != nil {
		return sum, err
	}
	started := c.o.Now()
	resp, err := fetchFeed(ctx, c.client, c.o, feed.URL, validators{ETag: st.ETag, LastModified: st.LastModified})
	if err != nil {
		c.recordFailure(&st, feed, started, err)
		return sum, c.putState(st, fmt.Errorf("poll %s (%d consecutive errors): %w", feed.Name, st.ConsecutiveErrors, err))
	}
	sum.NotModified = resp.NotModified
	sum.Seen = len(resp.Items)
	for o := range c.archiveItems(ctx, pages, feed, resp.Items, log) {
		sum.add(o)
	}
	c.recordSuccess(&st, feed, started, resp, sum, ctx.Err() == nil)
	logPoll(log, sum, c.o.Now().Sub(started))
	return sum, c.putState(st, nil)
}

// archiveItems archives items concurrently, bounded by the worker cap, and
// yields each item's outcome.
func (c *Crawler) archiveItems(ctx context.Context, pages *pageFetcher, feed Feed, items []Item, log *slog.Logger) <-chan outcome {
	out := make(chan outcome, len(items))
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			o, err := c.archiveItem(ctx, pages, feed, it)
			if err != nil && ctx.Err() == nil {
				log.Warn("article failed", "url", it.Link, "guid", it.GUID, "kind", KindOf(err), "err", err)
			}
			out <- o
		})
	}
	wg.Wait()
	close(out)
	return out
}

func (c *Crawler) recordFailure(st *store.FeedState, feed Feed, at time.Time, err error) {
	st.URL = feed.URL
	st.LastPoll = at
	st.ConsecutiveErrors++
	st.LastError = err.Error()
	st.NextCheck = at.Add(feed.Interval)
}

// recordSuccess updates the feed state after a poll that read the feed.
// The validators are kept only when every item was archived: otherwise the
// next poll would get a 304 and never retry the items that failed.
func (c *Crawler) recordSuccess(st *store.FeedState, feed Feed, at time.Time, resp *feedResponse, sum Summary, complete bool) {
	st.URL = feed.URL
	st.LastPoll = at
	st.LastSuccess = at
	st.ConsecutiveErrors = 0
	st.LastError = ""
	st.NextCheck = at.Add(feed.Interval)
	if resp.NotModified {
		return
	}
	st.ETag, st.LastModified = "", ""
	if complete && sum.Failed == 0 {
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
	}
}

// putState stores st and returns pollErr joined with any store error.
func (c *Crawler) putState(st store.FeedState, pollErr error) error {
	return errors.Join(pollErr, c.db.PutFeedState(st))
}

func logPoll(log *slog.Logger, s Summary, took time.Duration) {
	if s.NotModified {
		log.Debug("poll", "outcome", "not_modified", "duration", took)
		return
	}
	log.Info("poll", "outcome", "ok", "items", s.Seen, "new", s.New,
		"duplicates", s.Duplicates, "failed", s.Failed, "duration", took)
}
