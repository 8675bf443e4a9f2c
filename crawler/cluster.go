package crawler

import (
	"context"
	"errors"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// Cluster is what the crawler asks of the nodes it shares its feeds with
// (internal/cluster, adapted in cmd). Options.Cluster nil runs alone, as
// without a cluster: section.
type Cluster interface {
	// Owns reports whether this node polls the feed at feedURL now.
	Owns(feedURL string) bool
	// Live reports whether this node is among the live nodes: while it is
	// not (NATS unreachable, or not yet listed) it owns no feed.
	Live() bool
	// Changed is closed at the next change of the live nodes.
	Changed() <-chan struct{}
	// Claim claims an item's identity keys before its page is fetched.
	// holder names the node that archived it or is at it.
	Claim(ctx context.Context, keys []string) (c ClaimOutcome, holder string, err error)
	// Archived records that node by archived the item of keys: this node
	// when by is "".
	Archived(ctx context.Context, keys []string, by string) error
	// Release lets go of this node's claims of keys after a failed try.
	Release(ctx context.Context, keys []string) error
	// FeedState is the state the last node to poll the feed shared.
	FeedState(ctx context.Context, name string) (st store.FeedState, ok bool, err error)
	// PutFeedState shares the state of a feed this node polled.
	PutFeedState(ctx context.Context, st store.FeedState) error
	// PutPending shares a pending item of a feed this node polls, its
	// retry schedule in its outcome.
	PutPending(ctx context.Context, it store.Item) error
	// DropPending forgets a shared item that is pending no more.
	DropPending(ctx context.Context, it store.Item) error
	// PendingItems are the shared pending items of a feed.
	PendingItems(ctx context.Context, feed string) ([]store.Item, error)
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

// ownTurn is called when a feed's turn comes in a cluster, and reports
// whether to poll it now. A feed that is not this node's parks until the
// live nodes change (r.parkOn). One newly this node's takes the state its
// last poller shared when that is newer, and its next check from it
// (r.next), so that a feed that moved goes on without a burst.
func (c *Crawler) ownTurn(ctx context.Context, in turnInput, r *turnResult) bool {
	cl := c.o.Cluster
	changed := cl.Changed()
	if !cl.Owns(in.feed.URL) {
		r.owned, r.parkOn = false, changed
		return false
	}
	if r.owned {
		return true
	}
	r.owned = true
	c.adoptState(ctx, in.feed, &r.st)
	c.adoptPending(ctx, in.feed)
	now := c.o.Now()
	r.next = c.firstCheck(in.feed, r.st, now, in.window)
	return !r.next.After(now)
}

// adoptState replaces st with the state the cluster shares for feed when
// another node polled it since.
func (c *Crawler) adoptState(ctx context.Context, feed store.Feed, st *store.FeedState) {
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
	c.tellCluster(ctx, func(ctx context.Context) error { return c.o.Cluster.PutFeedState(ctx, st) },
		"share feed state", "feed", st.Name)
}

// tellCluster makes one call to the cluster, when there is one, within
// clusterCall and whether or not ctx ends meanwhile (what it tells is
// done here already); a failure is logged as warn with args.
func (c *Crawler) tellCluster(ctx context.Context, call func(context.Context) error, warn string, args ...any) {
	if c.o.Cluster == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), clusterCall)
	defer cancel()
	if err := call(ctx); err != nil {
		c.o.Logger.Warn(warn, append(args, "err", err)...)
	}
}

// claimItem claims a new item before its page is fetched. done is true
// when the item is not to be fetched here: another node archived it (the
// ledger records it archived elsewhere) or is at it (it waits), or the
// cluster cannot be reached (tried again later).
func (c *Crawler) claimItem(ctx context.Context, feed store.Feed, it Item, li *store.Item, rec store.Item) (o outcome, done bool, err error) {
	if c.o.Cluster == nil {
		return outcomeFailed, false, nil
	}
	cctx, cancel := context.WithTimeout(ctx, clusterCall)
	defer cancel()
	got, holder, err := c.o.Cluster.Claim(cctx, itemKeys(feed, it))
	switch {
	case err != nil:
		return outcomeFailed, true, &archiveError{err}
	case got == ClaimBusy:
		return c.waitClaim(li, rec)
	case got == ClaimArchived:
		o, err := c.archivedElsewhere(li, rec.Outcome, holder)
		return o, true, err
	}
	return outcomeFailed, false, nil
}

// claimWait is how long an item whose claim another live node holds waits
// before it is tried again: that node is fetching it, and once it has
// archived it the claim says so.
const claimWait = time.Minute

// waitClaim puts off an item another node is at: a retry due now would
// otherwise be taken again at once.
func (c *Crawler) waitClaim(li *store.Item, rec store.Item) (outcome, bool, error) {
	now := c.o.Now()
	if rec.Outcome.NextTry.After(now) {
		return outcomePending, true, nil
	}
	out := rec.Outcome
	out.State, out.NextTry = store.ItemPending, now.Add(claimWait)
	return outcomePending, true, c.setOutcome(li, out)
}

// archivedElsewhere records that node archived the item: in its own
// archive, so this one has no article of it and the stream has it once.
func (c *Crawler) archivedElsewhere(li *store.Item, out store.ItemOutcome, node string) (outcome, error) {
	out.State, out.Reason, out.NextTry = store.ItemElsewhere, "node "+node, time.Time{}
	return outcomeDuplicate, c.setOutcome(li, out)
}

// textClaimedError says that another node claimed the text of the page
// just fetched: it archived it (busy false) or is saving it now.
type textClaimedError struct {
	node string
	busy bool
}

func (e *textClaimedError) Error() string {
	if e.busy {
		return "the same text is being archived by another node"
	}
	return "the same text was archived by node " + e.node
}

// claimText claims the text of a page just fetched, before it is saved:
// the same article under two links, from feeds polled by two nodes, is
// archived once. The text is known only now; the item's other keys were
// claimed before the fetch.
func (c *Crawler) claimText(ctx context.Context, a *store.Article) error {
	if c.o.Cluster == nil {
		return nil // alone, no page pays for hashing its text here
	}
	key := store.TextClaimKey(a.Text)
	if key == "" {
		return nil
	}
	cctx, cancel := context.WithTimeout(ctx, clusterCall)
	defer cancel()
	got, holder, err := c.o.Cluster.Claim(cctx, []string{key})
	switch {
	case err != nil:
		return &archiveError{err}
	case got == ClaimArchived:
		return &textClaimedError{node: holder}
	case got == ClaimBusy:
		return &textClaimedError{busy: true}
	}
	return nil
}

// textElsewhere records an item whose page held a text another node
// archived as archived there, as a single node records a second link to
// a text it has; its keys become that node's so that no node fetches the
// page again. done is false for any other failure.
func (c *Crawler) textElsewhere(ctx context.Context, feed store.Feed, it Item, li *store.Item, rec store.Item, err error) (outcome, bool, error) {
	var tc *textClaimedError
	if !errors.As(err, &tc) || tc.busy {
		return outcomeFailed, false, nil
	}
	c.markArchived(ctx, itemKeys(feed, it), tc.node, it.Link)
	out := rec.Outcome
	out.Tries, out.LastTry = out.Tries+1, c.o.Now()
	o, serr := c.archivedElsewhere(li, out, tc.node)
	return o, true, serr
}

// itemKeys are the identity keys of a feed item claimed before its page
// is fetched.
func itemKeys(feed store.Feed, it Item) []string {
	return store.ClaimKeys(feed.Name, it.GUID, it.Link)
}

// markArchived tells the cluster that node by ("" for this one) archived
// the item of keys, whose link is link.
func (c *Crawler) markArchived(ctx context.Context, keys []string, by, link string) {
	if c.o.Cluster == nil {
		return
	}
	var err error
	for range markTries { // a mark lost leaves the claim to expire and the page to be fetched again
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), clusterCall)
		err = c.o.Cluster.Archived(cctx, keys, by)
		cancel()
		if err == nil {
			return
		}
	}
	c.o.Logger.Warn("mark archived in the cluster; another node may fetch the page again", "url", link, "err", err)
}

// markTries is how many times an archived mark is tried.
const markTries = 3
