package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// pollFeed polls one feed, archives its new items and returns the feed's
// updated state, next check included, for the caller to store. The error
// is returned when the feed itself could not be read. fetched is called
// once the feed request ended, before the items are archived.
func (c *Crawler) pollFeed(ctx context.Context, pages *fetch.Pages, feed store.Feed, st store.FeedState, fetched func()) (Summary, store.FeedState, error) {
	sum := Summary{Feed: feed.Name}
	st.Name = feed.Name
	resetIfReconfigured(&st, feed)
	started := c.o.Now()
	resp, err := c.fetchFeed(ctx, st.URL, feed.Headers, fetch.Validators{ETag: st.ETag, LastModified: st.LastModified})
	fetched()
	c.o.Metrics.fetched("feed", c.o.Now().Sub(started))
	if err != nil {
		if ctx.Err() != nil {
			return sum, st, ctx.Err() // shutting down: not the feed's fault
		}
		c.recordFailure(&st, feed, started, err)
		c.o.Metrics.polled(string(KindOf(err)))
		sum.Next = st.NextCheck
		return sum, st, fmt.Errorf("poll %s (%d consecutive errors): %w", feed.Name, st.ConsecutiveErrors, err)
	}
	sum.NotModified, sum.Seen, sum.Older = resp.NotModified, len(resp.Items), resp.Older
	if len(resp.Items) > 0 {
		if unusable, changed := c.guids.check(feed.Name, resp.Items); changed {
			c.o.Logger.Info("feed GUIDs", "feed", feed.Name, "usable", !unusable, "keyed_by", map[bool]string{true: "url", false: "guid and url"}[unusable])
		}
	}
	recs, err := c.sightItems(feed, resp.Items)
	if err != nil { // nothing recorded: the items wait for the next poll
		sum.Failed, sum.archiveErrs = len(resp.Items), len(resp.Items)
		c.o.Logger.Error("record the feed's items", "feed", feed.Name, "err", err)
		c.o.Metrics.articleFailed(string(KindArchive))
	}
	for o := range c.archiveItems(ctx, pages, feed, resp.Items, recs) {
		sum.add(o)
	}
	c.recordSuccess(&st, feed, started, resp, ctx.Err() == nil && sum.archiveErrs == 0)
	c.o.Metrics.polled(pollOutcome(resp))
	sum.Next = st.NextCheck
	logPoll(c.o.Logger, sum, c.o.Now().Sub(started))
	return sum, st, nil
}

// resetIfReconfigured starts the state afresh when the feed's configured
// URL changed: validators and a learned permanent redirect belong to the
// old URL.
func resetIfReconfigured(st *store.FeedState, feed store.Feed) {
	if st.ConfigURL == feed.URL && st.URL != "" {
		return
	}
	st.URL, st.ConfigURL = feed.URL, feed.URL
	st.ETag, st.LastModified = "", ""
	st.RedirectURL, st.Redirects = "", 0
}

func pollOutcome(r *feedResponse) string {
	if r.NotModified {
		return "not_modified"
	}
	return "ok"
}

// archiveItems archives items and yields each item's outcome.
//
// Up to min(len(items), Workers) items of a feed wait for a worker slot
// at once, each in its own place in the queue (a lane's ticket): the
// feed's items go before those of later polls, and after each item its
// lane goes to the back of the queue, so that a feed of thousands of
// items does not hold back the feeds polled after it. Items already
// archived (no fetch, no slot) go by at the speed of the archive's
// lookups.
//
// The lanes are not goroutines: the poll's own goroutine takes the items
// one after another, and helpers join it while items remain, as long as the
// crawler's budget of helpers (Workers, all feeds together) has room. A
// feed alone still fills every worker slot, but a thousand feeds whose
// items all wait for the same slots (a restart after a backlog) do not
// park ten thousand goroutines and their stacks behind them.
func (c *Crawler) archiveItems(ctx context.Context, pages *fetch.Pages, feed store.Feed, items []Item, recs []store.Item) <-chan outcome {
	out := make(chan outcome, len(items))
	if recs == nil { // the ledger could not record them
		close(out)
		return out
	}
	log := c.o.Logger.With("feed", feed.Name)
	todo := make(chan int, len(items))
	for i := range items {
		todo <- i
	}
	close(todo)
	lanes := make(chan uint64, min(len(items), c.o.Workers)) // tickets, drawn in order: the first is the lowest
	for range cap(lanes) {
		lanes <- c.workers.draw()
	}
	take := func(i int) {
		lane := <-lanes
		out <- c.archiveLogged(withTicket(ctx, lane), pages, feed, items[i], recs[i], log)
		lanes <- c.workers.draw()
	}
	var wg sync.WaitGroup
	helpers := 0
	for i := range todo {
		for ; helpers < cap(lanes)-1 && len(todo) > 0 && c.itemHelpers.take(); helpers++ {
			wg.Go(func() {
				defer c.itemHelpers.give()
				for i := range todo {
					take(i)
				}
			})
		}
		take(i)
	}
	wg.Wait()
	close(out)
	return out
}

// archiveLogged archives one item and logs its failure, unless the work
// was cancelled.
func (c *Crawler) archiveLogged(ctx context.Context, pages *fetch.Pages, feed store.Feed, it Item, rec store.Item, log *slog.Logger) outcome {
	o, err := c.archiveItem(ctx, pages, feed, it, rec)
	if KindOf(err) == KindArchive {
		o = outcomeArchiveFailed
	}
	if err != nil && ctx.Err() == nil {
		log.Warn("article failed", "url", it.Link, "guid", it.GUID, "kind", KindOf(err), "err", err)
		c.o.Metrics.articleFailed(string(KindOf(err)))
	}
	return o
}

func (c *Crawler) recordFailure(st *store.FeedState, feed store.Feed, at time.Time, err error) {
	st.LastPoll = at
	st.ConsecutiveErrors++
	st.LastError = err.Error()
	st.LastErrorKind = string(KindOf(err))
	st.NextCheck = c.o.Now().Add(c.afterFailure(feed, st.ConsecutiveErrors, err)) // Retry-After counts from the answer
}

// recordSuccess updates the feed state after a poll that read the feed.
// The validators are kept after every read that went through all the
// items: each item is in the archive's ledger by then, and the one whose
// page failed is tried again on its own schedule, so a 304 hides nothing.
// A poll cut short by shutdown, or one in which the archive failed, keeps
// none: the next one reads the feed and finishes its items.
func (c *Crawler) recordSuccess(st *store.FeedState, feed store.Feed, at time.Time, resp *feedResponse, complete bool) {
	st.LastPoll, st.LastSuccess = at, at
	st.ConsecutiveErrors, st.LastError, st.LastErrorKind = 0, "", ""
	wait := c.afterSuccess(feed, resp)
	st.Interval = wait
	st.NextCheck = at.Add(wait)
	c.followRedirect(st, resp.MovedTo)
	if resp.NotModified {
		return
	}
	st.ETag, st.LastModified = "", ""
	if complete {
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
	}
}

// permanentAfter is how many polls in a row must be permanently
// redirected to one URL before the feed's URL is updated to it: one
// misconfigured deploy should not move a feed for good.
const permanentAfter = 3

// followRedirect counts permanent redirects to one target and moves the
// feed there when they repeat.
func (c *Crawler) followRedirect(st *store.FeedState, movedTo string) {
	switch {
	case movedTo == "" || movedTo == st.URL:
		st.RedirectURL, st.Redirects = "", 0
	case movedTo == st.RedirectURL:
		st.Redirects++
	default:
		st.RedirectURL, st.Redirects = movedTo, 1
	}
	if st.Redirects >= permanentAfter {
		c.o.Logger.Info("feed moved permanently", "feed", st.Name, "from", st.URL, "to", movedTo)
		st.URL, st.RedirectURL, st.Redirects = movedTo, "", 0
	}
}

func logPoll(log *slog.Logger, s Summary, took time.Duration) {
	if s.NotModified {
		log.Debug("poll", "feed", s.Feed, "outcome", "not_modified", "next", s.Next, "duration", took)
		return
	}
	log.Info("poll", "feed", s.Feed, "outcome", "ok", "items", s.Seen, "new", s.New, "from_feed", s.FromFeed,
		"duplicates", s.Duplicates, "pending", s.Pending, "failed", s.Failed, "next", s.Next, "duration", took)
}
