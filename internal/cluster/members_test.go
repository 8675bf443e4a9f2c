package cluster

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
)

// ownersOf maps each feed to the nodes that claim to own it.
func ownersOf(feeds []string, nodes ...*testNode) map[string][]string {
	out := map[string][]string{}
	for _, f := range feeds {
		for _, n := range nodes {
			if n.Owns(f) {
				out[f] = append(out[f], n.Name())
			}
		}
	}
	return out
}

// eachOnce reports whether every feed has exactly one owner among nodes.
func eachOnce(feeds []string, nodes ...*testNode) bool {
	owners := ownersOf(feeds, nodes...)
	for _, f := range feeds {
		if len(owners[f]) != 1 {
			return false
		}
	}
	return true
}

func TestNodesShareFeedsAndTakeOverADeadOnesWithinTwoTTLs(t *testing.T) {
	t.Parallel()
	// Failover is at most TTL (the key expires) plus two listings a
	// quarter of a TTL apart; a TTL of seconds leaves room above that
	// for a machine loaded by the other packages' tests.
	const ttl = 3 * time.Second
	url := natstest.URL(t)
	a, b, c := startNode(t, url, "a", ttl), startNode(t, url, "b", ttl), startNode(t, url, "c", ttl)
	feeds := hostFeeds(300)
	all := []string{"a", "b", "c"}
	testkit.WaitFor(t, settle, "three nodes see each other", func() bool {
		return slices.Equal(a.Nodes(), all) && slices.Equal(b.Nodes(), all) && slices.Equal(c.Nodes(), all)
	})
	if !eachOnce(feeds, a, b, c) {
		t.Fatalf("feeds without exactly one owner: %v", ownersOf(feeds, a, b, c))
	}
	var ofC []string
	for _, f := range feeds {
		if c.Owns(f) {
			ofC = append(ofC, f)
		}
	}
	if len(ofC) < 50 {
		t.Fatalf("c owns %d of 300 feeds, want about 100", len(ofC))
	}
	before := ownersOf(feeds, a, b)

	c.kill()
	took := testkit.WaitFor(t, 2*ttl, "a and b take over c's feeds", func() bool { return eachOnce(feeds, a, b) })
	t.Logf("failover took %v (ttl %v)", took, ttl)
	after := ownersOf(feeds, a, b)
	for f, was := range before {
		if !slices.Equal(after[f], was) {
			t.Errorf("%s moved from %v to %v though its node lived", f, was, after[f])
		}
	}
	if c.Health() == nil && c.Owns(ofC[0]) {
		t.Error("the killed node still owns its feeds")
	}
}

func TestAJoiningNodeTakesOnlyItsShare(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	url := natstest.URL(t)
	a, b := startNode(t, url, "a", ttl), startNode(t, url, "b", ttl)
	feeds := hostFeeds(300)
	testkit.WaitFor(t, settle, "two nodes", func() bool { return len(a.Nodes()) == 2 && len(b.Nodes()) == 2 })
	before := ownersOf(feeds, a, b)
	c := startNode(t, url, "c", ttl)
	testkit.WaitFor(t, settle, "three nodes", func() bool {
		return len(a.Nodes()) == 3 && len(b.Nodes()) == 3 && len(c.Nodes()) == 3
	})
	after := ownersOf(feeds, a, b, c)
	moved := 0
	for _, f := range feeds {
		if !slices.Equal(before[f], after[f]) {
			moved++
			if !slices.Equal(after[f], []string{"c"}) {
				t.Errorf("%s moved from %v to %v, want to c", f, before[f], after[f])
			}
		}
	}
	if moved < 50 || moved > 150 {
		t.Errorf("%d feeds moved to the new node, want about a third", moved)
	}
}

func TestAStoppedNodeLeavesAtOnce(t *testing.T) {
	t.Parallel()
	// A long TTL: b's heartbeat cannot expire during the test, so b
	// leaving is its own doing. a lists the nodes every TTL/4 and drops
	// a node missing from two listings.
	const ttl = 20 * time.Second
	url := natstest.URL(t)
	a, b := startNode(t, url, "a", ttl), startNode(t, url, "b", ttl)
	testkit.WaitFor(t, ttl, "two nodes", func() bool { return len(a.Nodes()) == 2 && len(b.Nodes()) == 2 })
	stopped := time.Now()
	b.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := a.ready.Load().nodes.Get(ctx, "b"); !errors.Is(err, jetstream.ErrKeyNotFound) {
		t.Fatalf("b's heartbeat after a clean stop: %v, want it deleted", err)
	}
	if b.Owns("https://x.example/rss") || len(b.Nodes()) != 0 {
		t.Error("the stopped node still owns feeds")
	}
	// b's last beat was at most TTL/4 before the stop, so its key could
	// expire no sooner than 3/4 TTL after it: a seeing b gone before
	// then comes from the deletion.
	testkit.WaitFor(t, ttl*3/4-time.Since(stopped), "a sees b leave", func() bool { return slices.Equal(a.Nodes(), []string{"a"}) })
}

func TestNATSDownOwnsNothing(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	s := startNATS(t, t.TempDir(), -1)
	a := startNode(t, s.ClientURL(), "a", ttl)
	testkit.WaitFor(t, settle, "a is live", func() bool { return a.Owns("https://x.example/rss") })
	s.Shutdown()
	testkit.WaitFor(t, 2*ttl, "a gives up its feeds", func() bool { return !a.Owns("https://x.example/rss") && a.Health() != nil })
}

// TestNATSBackIsLogged: the end of a cut from NATS is logged, once, as
// its beginning is.
func TestNATSBackIsLogged(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	dir := t.TempDir()
	s := startNATS(t, dir, -1)
	var logs logLines
	a := startNodeWith(t, Options{Servers: []string{s.ClientURL()}, Node: "a", TTL: ttl, ClaimLease: 2 * ttl,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	testkit.WaitFor(t, settle, "a is live", func() bool { return a.Live() })
	addr := s.ClientURL()
	s.Shutdown()
	s.WaitForShutdown()
	testkit.WaitFor(t, 10*ttl, "a is cut off", func() bool { return a.Health() != nil })
	startNATS(t, dir, portOf(t, addr))
	testkit.WaitFor(t, 20*ttl, "a is healthy again", func() bool { return a.Health() == nil })
	if n := logs.count("cluster: unhealthy"); n != 1 {
		t.Errorf("the cut logged %d times, want once", n)
	}
	if n := logs.count("cluster: healthy again"); n != 1 {
		t.Errorf("the end of the cut logged %d times, want once", n)
	}
}

// TestABeatDoesNotWaitOutAnotherCallMakingTheHandles: while another call
// makes the buckets and the stream (the outbox's drain, stuck on servers
// that do not answer), a heartbeat gives up at its own deadline, so that
// the node finds it is cut off in time to give up its feeds.
func TestABeatDoesNotWaitOutAnotherCallMakingTheHandles(t *testing.T) {
	t.Parallel()
	const ttl = 3 * time.Second
	a := startNode(t, natstest.URL(t), "a", ttl)
	a.stop()
	a.ready.Store(nil)
	a.setup <- struct{}{} // another call is making them
	defer func() { <-a.setup }()
	done := make(chan error, 1)
	go func() { done <- a.beat(context.Background(), time.Now()) }()
	var err error
	testkit.WaitFor(t, ttl, "the beat gives up", func() bool {
		select {
		case err = <-done:
			return true
		default:
			return false
		}
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("beat: %v, want its deadline exceeded", err)
	}
}
