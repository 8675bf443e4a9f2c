package crawler

import (
	"context"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// In a cluster, an item whose page failed waits in the ledger of the node
// that polls its feed, and in the cluster's shared pending items: when the
// feed moves, the node that takes it reads them into its own ledger before
// its first poll, and their retries go on there, with their tries and next
// try. Only the node that owns a feed retries its items: the claims of a
// failed try are let go, so that the next try may come from another node.

// unownedWait is how long a due item of a feed this node no longer polls
// is put off in its ledger: the feed's owner retries it from the shared
// copy, and should the feed come back, its shared copy is adopted again.
const unownedWait = time.Hour

// adoptPending takes into the ledger the shared pending items of a feed
// newly this node's, and wakes the retry loop for them.
func (c *Crawler) adoptPending(ctx context.Context, feed store.Feed) {
	ctx, cancel := context.WithTimeout(ctx, clusterCall)
	defer cancel()
	items, err := c.o.Cluster.PendingItems(ctx, feed.Name)
	if err == nil && len(items) > 0 {
		var n int
		if n, err = c.db.AdoptItems(items); n > 0 {
			c.o.Logger.Info("pending items adopted from the cluster", "feed", feed.Name, "items", n)
			nudge(c.retryWake)
		}
	}
	if err != nil {
		c.o.Logger.Warn("adopt the feed's pending items; the node that had it keeps them", "feed", feed.Name, "err", err)
	}
}

// waitLive reports whether the node may retry items now: always alone; in
// a cluster, while it is live. Else it waits for the next change of the
// live nodes, and reports false: a node cut off from the others, or not
// yet listed, owns no feed and leaves every item as it is.
func (c *Crawler) waitLive(ctx context.Context) bool {
	if c.o.Cluster == nil {
		return true
	}
	changed := c.o.Cluster.Changed()
	if c.o.Cluster.Live() {
		return true
	}
	select {
	case <-changed:
	case <-ctx.Done():
	}
	return false
}

// ownsFeed reports whether this node retries the items of feed: always
// alone; in a cluster, when it owns the feed, or when the feed is not
// configured (its items were this node's to finish).
func (c *Crawler) ownsFeed(name string) bool {
	if c.o.Cluster == nil {
		return true
	}
	u, ok := c.feedURLs.Load(name)
	return !ok || c.o.Cluster.Owns(u.(string))
}

// OwnedFeeds counts the feeds Run polls that are this node's now: all of
// them alone.
func (c *Crawler) OwnedFeeds() int {
	n := 0
	c.feedURLs.Range(func(_, u any) bool {
		if c.o.Cluster == nil || c.o.Cluster.Owns(u.(string)) {
			n++
		}
		return true
	})
	return n
}

// leaveItem puts off a due item of a feed that another node polls now.
func (c *Crawler) leaveItem(si store.Item) error {
	o := si.Outcome
	o.NextTry = c.o.Now().Add(unownedWait)
	return c.setOutcome(&si, o)
}

// sharePending shares an item just put off, rec as sighted with its new
// outcome.
func (c *Crawler) sharePending(ctx context.Context, rec store.Item, o store.ItemOutcome) {
	rec.Outcome = o
	c.tellCluster(ctx, func(ctx context.Context) error { return c.o.Cluster.PutPending(ctx, rec) },
		"share pending item; should its feed move, its retries stay here", "url", rec.Link)
}

// dropPending forgets the shared copy of an item settled here.
func (c *Crawler) dropPending(ctx context.Context, rec store.Item) {
	c.tellCluster(ctx, func(ctx context.Context) error { return c.o.Cluster.DropPending(ctx, rec) },
		"drop shared pending item; its next owner finds it settled by its claims", "url", rec.Link)
}

// releaseClaims lets go of this node's claims of an item whose try failed.
func (c *Crawler) releaseClaims(ctx context.Context, feed store.Feed, it Item) {
	c.tellCluster(ctx, func(ctx context.Context) error { return c.o.Cluster.Release(ctx, itemKeys(feed, it)) },
		"release claims; they hold until the claim lease after this node leaves", "url", it.Link)
}
