package cluster

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// hostOf returns the first of the site's hosts feedNNN.test whose feed
// belongs to node among nodes.
func hostOf(t *testing.T, s *site, node string, nodes []string) string {
	t.Helper()
	for i := range 1000 {
		host := fmt.Sprintf("feed%03d.test", i)
		if Owner(s.feedURL(host), nodes) == node {
			return host
		}
	}
	t.Fatalf("no host of %s among %v", node, nodes)
	return ""
}

// ledgerItem is the one item of feed in db's ledger; ok is false while
// there is none.
func ledgerItem(t *testing.T, db *store.DB, feed string) (store.Item, bool) {
	t.Helper()
	items, err := db.FeedItems(feed, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) > 1 {
		t.Fatalf("%d items of %s, want one", len(items), feed)
	}
	if len(items) == 0 {
		return store.Item{}, false
	}
	return items[0], true
}

func retryEvery(first time.Duration) func(*crawler.Options) {
	return func(o *crawler.Options) { o.PageRetry = crawler.PageRetry{First: first, Max: first, Tries: 10} }
}

// The tests of moves give a TTL of 3s: a heartbeat has a second to land,
// and a node late with it on a loaded machine moves no feed back and forth
// mid-test. This one counts who fetched the page once it worked: it runs
// alone, before the parallel tests, for under their load a node was seen
// to take the feed back after a late beat, or b not to archive the page
// within 30s (cause not found yet).
func TestPendingRetriesMoveWithTheirFeed(t *testing.T) {
	const ttl, interval = 3 * time.Second, crawler.Floor
	ctx := context.Background()
	url := natstest.URL(t)
	s := newSite(t)
	host := hostOf(t, s, "b", []string{"a", "b"}) // a's while alone, b's once b is up
	feeds := []store.Feed{{Name: host, URL: s.feedURL(host), Interval: interval}}
	s.setItems(host, 1)
	s.setFailing(host, "/story/0", true)

	a := startNode(t, url, "a", ttl)
	testkit.WaitFor(t, settle, "a live", func() bool { return len(a.Nodes()) == 1 })
	startCrawling(t, a, s, feeds, retryEvery(2*time.Second))
	testkit.WaitFor(t, 30*time.Second, "a's failed try shared", func() bool {
		shared, err := a.PendingItems(ctx, host)
		return err == nil && len(shared) == 1 && shared[0].Outcome.Tries >= 1
	})
	s.setItems(host, 0) // the feed lists it no more: b can learn of it from the cluster only

	b := startNode(t, url, "b", ttl)
	startCrawling(t, b, s, feeds, retryEvery(2*time.Second))
	var adopted store.Item
	testkit.WaitFor(t, 30*time.Second, "b adopts the pending item", func() bool {
		var ok bool
		adopted, ok = ledgerItem(t, b.db, host)
		return ok
	})
	testkit.WaitFor(t, settle, "a sees the feed move", func() bool { return len(a.Nodes()) == 2 && !a.Owns(s.feedURL(host)) })
	if adopted.Outcome.State != store.ItemPending || adopted.Outcome.Tries < 1 || adopted.Outcome.NextTry.IsZero() {
		t.Fatalf("b adopted %+v, want a pending item with a's tries and next try", adopted.Outcome)
	}
	before := s.requests(host, "/story/0")
	s.setFailing(host, "/story/0", false)

	testkit.WaitFor(t, 30*time.Second, "b archives the page", func() bool {
		it, _ := ledgerItem(t, b.db, host)
		return it.Outcome.State == store.ItemPage
	})
	testkit.WaitFor(t, 30*time.Second, "the record in the stream", func() bool { return streamCount(t, a.Node) >= 1 })
	after := s.requests(host, "/story/0")
	if got := after["b"] - before["b"]; got != 1 || after["a"] != before["a"] {
		t.Errorf("page fetched %d times by b and %d by a once it worked, want once by b", got, after["a"]-before["a"])
	}
	it, _ := ledgerItem(t, b.db, host)
	if it.Outcome.Tries < adopted.Outcome.Tries+1 {
		t.Errorf("b archived the page after %d tries, want the %d a made counted", it.Outcome.Tries, adopted.Outcome.Tries)
	}
	if n, err := a.db.Count(); err != nil || n != 0 {
		t.Errorf("a archived %d articles (%v), want none", n, err)
	}
	// b drops the shared item after it settles it in its ledger, not in
	// the same step: wait for the drop, and for nothing, not even a
	// deletion marker, to be left in the bucket.
	h, err := b.handles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var shared []store.Item
	var values uint64
	var readErr error
	defer func() {
		if t.Failed() {
			t.Logf("last read: %d shared pending items, %d messages in the bucket (%v)", len(shared), values, readErr)
		}
	}()
	testkit.WaitFor(t, 10*time.Second, "the shared pending item dropped, no deletion marker left", func() bool {
		shared, readErr = b.PendingItems(ctx, host)
		if readErr != nil || len(shared) != 0 {
			return false
		}
		st, err := h.pending.Status(ctx)
		if err != nil {
			readErr = err
			return false
		}
		values = st.Values()
		return values == 0
	})
	if n := streamCount(t, a.Node); n != 1 {
		t.Errorf("stream holds %d records, want 1", n)
	}
}

func TestSameTextUnderTwoLinksOnTwoNodesArchivedOnce(t *testing.T) {
	t.Parallel()
	const ttl, interval = 3 * time.Second, crawler.Floor
	url := natstest.URL(t)
	s := newSite(t)
	nodes := []string{"a", "b"}
	ofA, ofB := hostOf(t, s, "a", nodes), hostOf(t, s, "b", nodes)
	feeds := []store.Feed{{Name: ofA, URL: s.feedURL(ofA), Interval: interval}, {Name: ofB, URL: s.feedURL(ofB), Interval: interval}}
	s.setItems(ofA, 1)
	s.setItems(ofB, 1)
	s.setSameAs(ofB, "/story/0", ofA, "/story/0")

	a, b := startNode(t, url, "a", ttl), startNode(t, url, "b", ttl)
	testkit.WaitFor(t, settle, "two nodes", func() bool { return len(a.Nodes()) == 2 && len(b.Nodes()) == 2 })
	startCrawling(t, a, s, feeds, retryEvery(time.Second))
	startCrawling(t, b, s, feeds, retryEvery(time.Second))
	settled := func(db *store.DB, feed string) (store.Item, bool) {
		it, ok := ledgerItem(t, db, feed)
		return it, ok && it.Outcome.State != store.ItemPending
	}
	testkit.WaitFor(t, 30*time.Second, "both items settled", func() bool {
		_, okA := settled(a.db, ofA)
		_, okB := settled(b.db, ofB)
		return okA && okB
	})
	itA, _ := settled(a.db, ofA)
	itB, _ := settled(b.db, ofB)
	winner, loser := itA, itB
	if itA.Outcome.State == store.ItemElsewhere {
		winner, loser = itB, itA
	}
	wantReason := "node a"
	if winner.Feed == ofB {
		wantReason = "node b"
	}
	if winner.Outcome.State != store.ItemPage || loser.Outcome.State != store.ItemElsewhere || loser.Outcome.Reason != wantReason {
		t.Errorf("items %s %q and %s %q, want one archived from its page, the other elsewhere (%q)",
			itA.Outcome.State, itA.Outcome.Reason, itB.Outcome.State, itB.Outcome.Reason, wantReason)
	}
	na, errA := a.db.Count()
	nb, errB := b.db.Count()
	if errA != nil || errB != nil || na+nb != 1 {
		t.Errorf("articles: %d on a, %d on b (%v, %v), want one in all", na, nb, errA, errB)
	}
	testkit.WaitFor(t, 30*time.Second, "the record in the stream", func() bool { return streamCount(t, a.Node) >= 1 })
	counts, err := map[bool]*store.DB{true: a.db, false: b.db}[loser.Feed == ofA].ItemCounts()
	if err != nil || counts[loser.Feed].Elsewhere != 1 {
		t.Errorf("loser's counts %+v (%v), want one item elsewhere", counts[loser.Feed], err)
	}
	if n := streamCount(t, a.Node); n != 1 {
		t.Errorf("stream holds %d records, want 1", n)
	}
}

func TestRevisitsStayWithTheShardThatHoldsTheArticle(t *testing.T) {
	t.Parallel()
	const ttl, interval, revisit = 3 * time.Second, crawler.Floor, 15 * time.Second
	url := natstest.URL(t)
	s := newSite(t)
	host := hostOf(t, s, "b", []string{"a", "b"})
	feeds := []store.Feed{{Name: host, URL: s.feedURL(host), Interval: interval}}
	s.setItems(host, 1)
	revisits := func(o *crawler.Options) { o.Revisit = []time.Duration{revisit} }

	a := startNode(t, url, "a", ttl)
	testkit.WaitFor(t, settle, "a live", func() bool { return len(a.Nodes()) == 1 })
	startCrawling(t, a, s, feeds, revisits)
	testkit.WaitFor(t, 30*time.Second, "a archives the page", func() bool {
		it, _ := ledgerItem(t, a.db, host)
		return it.Outcome.State == store.ItemPage
	})
	b := startNode(t, url, "b", ttl)
	startCrawling(t, b, s, feeds, revisits)
	testkit.WaitFor(t, 30*time.Second, "b polls the feed", func() bool { return s.requests(host, "/feed.xml")["b"] > 0 })
	if got := s.requests(host, "/story/0"); got["a"] != 1 || got["b"] != 0 {
		t.Fatalf("page fetched %v before its revisit was due, want once by a", got)
	}
	s.setItems(host, 2) // b reads the feed's items: a's, and a new one
	testkit.WaitFor(t, 30*time.Second, "b records a's item archived elsewhere", func() bool {
		items, err := b.db.FeedItems(host, store.ItemElsewhere)
		return err == nil && len(items) == 1 && strings.HasSuffix(items[0].Link, "/story/0") && items[0].Outcome.Reason == "node a"
	})
	testkit.WaitFor(t, 3*revisit, "a revisits the page of its article", func() bool { return s.requests(host, "/story/0")["a"] == 2 })
	if got := s.requests(host, "/story/0"); got["b"] != 0 {
		t.Errorf("b fetched the page of a's article %d times, want never", got["b"])
	}
}
