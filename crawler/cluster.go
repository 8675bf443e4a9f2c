package crawler

import (
	"context"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// Cluster is what the crawler asks of the nodes it shares its feeds with
// (internal/cluster, adapted in cmd). Options.Cluster nil runs alone, as
// without a cluster: section.
type Cluster interface {
	// Owns reports whether this node polls the feed at feedURL now.
	Owns(feedURL string) bool
	// Changed is closed at the next change of the live nodes.
	Changed() <-chan struct{}
	// Claim claims an item's identity keys before its page is fetched.
	// holder names the node that archived it or is at it.
	Claim(ctx context.Context, keys []string) (c ClaimOutcome, holder string, err error)
	// Archived records that this node archived the item of keys.
	Archived(ctx context.Context, keys []string) error
	// FeedState is the state the last node to poll the feed shared.
	FeedState(ctx context.Context, name string) (st store.FeedState, ok bool, err error)
	// PutFeedState shares the state of a feed this node polled.
	PutFeedState(ctx context.Context, st store.FeedState) error
}

// ClaimOutcome is the answer to a claim.
type ClaimOutcome int

// Claim outcomes.
const (
	ClaimTaken    ClaimOutcome = iota // this node fetches the item
	ClaimBusy                         // another live node is at it: the item waits
	ClaimArchived                     // a node archived it already
)

// clusterCall bounds one call to the cluster: a node that cannot reach it
// in that time leaves the item for the next poll.
const clusterCall = 10 * time.Second

// ownTurn is called when a feed's turn comes in a cluster. It waits,
// owning nothing, until the feed is this node's; a feed newly this
// node's takes the state its last poller shared when that is newer, and
// its next check from it (next), so that a feed that moved goes on
// without a burst. It returns whether to poll now.
func (c *Crawler) ownTurn(ctx context.Context, l *feedLoop, st *store.FeedState, next *time.Time, owned *bool, window time.Duration) bool {
	cl := c.o.Cluster
	for {
		changed := cl.Changed()
		if cl.Owns(l.feed.Load().URL) {
			break
		}
		*owned = false
		select {
		case <-ctx.Done():
			return false
		case <-l.stop:
			return false
		case <-changed:
		}
	}
	if *owned {
		return true
	}
	*owned = true
	feed := *l.feed.Load()
	c.adoptState(ctx, feed, st)
	now := c.o.Now()
	*next = c.firstCheck(feed, *st, now, window)
	return !next.After(now)
}

// adoptState replaces st with the state the cluster shares for feed when
// another node polled it since.
func (c *Crawler) adoptState(ctx context.Context, feed Feed, st *store.FeedState) {
	ctx, cancel := context.WithTimeout(ctx, clusterCall)
	defer cancel()
	shared, ok, err := c.o.Cluster.FeedState(ctx, feed.Name)
	if err != nil {
		c.o.Logger.Warn("read shared feed state; going on from this node's", "feed", feed.Name, "err", err)
		return
	}
	if ok && shared.LastPoll.After(st.LastPoll) {
		shared.Articles = st.Articles // this node's own count
		*st = shared
	}
}

// shareState gives the cluster the state of a feed just polled.
func (c *Crawler) shareState(ctx context.Context, st store.FeedState) {
	if c.o.Cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), clusterCall)
	defer cancel()
	if err := c.o.Cluster.PutFeedState(ctx, st); err != nil {
		c.o.Logger.Warn("share feed state", "feed", st.Name, "err", err)
	}
}

// claimItem claims a new item before its page is fetched. done is true
// when the item is not to be fetched here: another node archived it (the
// ledger records it, given up here with the reason) or is at it (it
// waits), or the cluster cannot be reached (tried again later).
func (c *Crawler) claimItem(ctx context.Context, feed Feed, it Item, li *store.Item, rec store.Item) (o outcome, done bool, err error) {
	if c.o.Cluster == nil {
		return outcomeFailed, false, nil
	}
	cctx, cancel := context.WithTimeout(ctx, clusterCall)
	defer cancel()
	got, holder, err := c.o.Cluster.Claim(cctx, store.ClaimKeys(feed.Name, it.GUID, it.Link))
	switch {
	case err != nil:
		return outcomeFailed, true, &archiveError{err}
	case got == ClaimBusy:
		return outcomePending, true, nil
	case got == ClaimArchived:
		c.o.Metrics.duplicate()
		out := rec.Outcome
		out.State, out.Reason, out.NextTry = store.ItemGivenUp, "archived_by_node "+holder, time.Time{}
		return outcomeDuplicate, true, c.setOutcome(li, out)
	}
	return outcomeFailed, false, nil
}

// markArchived tells the cluster that this node archived the item.
func (c *Crawler) markArchived(ctx context.Context, feed Feed, it Item) {
	if c.o.Cluster == nil {
		return
	}
	keys := store.ClaimKeys(feed.Name, it.GUID, it.Link)
	var err error
	for range markTries { // a mark lost leaves the claim to expire and the page to be fetched again
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), clusterCall)
		err = c.o.Cluster.Archived(cctx, keys)
		cancel()
		if err == nil {
			return
		}
	}
	c.o.Logger.Warn("mark archived in the cluster; another node may fetch the page again", "url", it.Link, "err", err)
}

// markTries is how many times an archived mark is tried.
const markTries = 3
