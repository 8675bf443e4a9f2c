package crawler

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// revisitBatch is how many due revisits the loop takes at a time.
const revisitBatch = 32

// revisitIdle is how long the revisit loop waits when the archive cannot
// be read or nothing is scheduled; a new article wakes it.
const revisitIdle = time.Hour

// revisitLoop fetches archived articles' pages again when their revisit
// is due, until ctx ends. Its requests go after every other on each host
// (polls, new articles, page retries), and at most revisitSlots pages are
// revisited at once, outside the workers' slots, so that a revisit never
// keeps a new article waiting for a worker. The schedule is the
// archive's, so revisits survive restarts.
func (c *Crawler) revisitLoop(ctx context.Context, pages *revisitFetcher) {
	wait := archiveWait{most: revisitIdle}
	for ctx.Err() == nil {
		n, err := c.revisitDue(ctx, pages)
		if c.waitAfter(ctx, &wait, "revisits", err) {
			continue
		}
		if n == revisitBatch {
			continue // more are due
		}
		next, err := c.db.NextRevisit()
		if err != nil {
			next = time.Time{}
		}
		c.sleepUntil(ctx, next, revisitIdle, c.revisitWake)
	}
}

// revisitDue revisits up to revisitBatch due articles, records what
// each found in one write, and returns how many it took.
func (c *Crawler) revisitDue(ctx context.Context, pages *revisitFetcher) (int, error) {
	due, err := c.db.DueRevisits(c.o.Now(), revisitBatch)
	if err != nil {
		return 0, err
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done []store.RevisitOutcome
	)
	for _, r := range due {
		select {
		case c.revisitSlots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-c.revisitSlots }()
			if d, ok := c.revisitOne(ctx, pages, r); ok {
				mu.Lock()
				done = append(done, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if err := c.db.RevisitsDone(done); err != nil {
		return len(due), err
	}
	for _, d := range done {
		c.o.Metrics.revisited(d.Outcome)
	}
	return len(due), nil
}

// revisitOne revisits one article and returns what it found and when
// the next revisit is due. A revisit cut short by the end of ctx gives
// nothing (ok false): it is due still, and the next run makes it.
func (c *Crawler) revisitOne(ctx context.Context, pages *revisitFetcher, r store.Revisit) (d store.RevisitOutcome, ok bool) {
	log := c.o.Logger.With("article", r.Article)
	res := c.revisit(pages, r)
	if ctx.Err() != nil {
		return d, false
	}
	if res.err != nil {
		log.Warn("revisit failed", "url", res.url, "outcome", res.outcome, "err", res.err)
	}
	level := slog.LevelDebug
	if res.outcome == store.RevisitChanged || res.outcome == store.RevisitWithdrawn && res.news {
		level = slog.LevelInfo
	}
	log.Log(ctx, level, "revisit", "url", res.url, "outcome", res.outcome, "changes", res.changes)
	r.ETag, r.LastModified = res.etag, res.lastModified
	return store.RevisitOutcome{Revisit: r, Outcome: res.outcome, Next: c.nextRevisit(res.fetched, r.Done+1)}, true
}

// nextRevisit is when revisit number done+1 of an article first archived
// at fetched is due: the first age of the schedule from done on that is
// still to come (a daemon that was down skips those it missed); zero when
// none is.
func (c *Crawler) nextRevisit(fetched time.Time, done int) time.Time {
	now := c.o.Now()
	for _, age := range c.o.Revisit[min(done, len(c.o.Revisit)):] {
		if at := fetched.Add(age); at.After(now) {
			return at
		}
	}
	return time.Time{}
}

// revisitAt is when new article a is first revisited: zero when
// revisits are off, or when no feed showed it (shown is false: a page a
// backfill found in a sitemap or an archive) and it was not published
// within the last revisit age: its time for edits is past.
func (c *Crawler) revisitAt(a *store.Article, shown bool) time.Time {
	n := len(c.o.Revisit)
	if n == 0 || !shown && (a.Published.IsZero() || a.Published.Before(a.Fetched.Add(-c.o.Revisit[n-1]))) {
		return time.Time{}
	}
	return a.Fetched.Add(c.o.Revisit[0])
}
