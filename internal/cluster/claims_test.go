package cluster

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// twoNodes starts nodes a and b on an account of the shared NATS server,
// and waits until both see both. The tests that use it give a TTL of 2s:
// a heartbeat has a third of it to land, which a machine loaded by the
// package's tests running together may need.
func twoNodes(t *testing.T, ttl time.Duration) (a, b *testNode) {
	t.Helper()
	url := natstest.URL(t)
	a, b = startNode(t, url, "a", ttl), startNode(t, url, "b", ttl)
	testkit.WaitFor(t, settle, "two nodes", func() bool { return len(a.Nodes()) == 2 && len(b.Nodes()) == 2 })
	return a, b
}

func TestClaimsLetOneNodeFetchAnItem(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	ctx := context.Background()
	a, b := twoNodes(t, ttl)
	item := store.ClaimKeys("wire", "g-1", "https://news.example/one")
	other := store.ClaimKeys("wire", "g-2", "https://news.example/two")

	if err := a.Claim(ctx, item); err != nil {
		t.Fatalf("first claim: %v", err)
	}
	if err := a.Claim(ctx, item); err != nil {
		t.Errorf("a claiming its own claim again: %v", err)
	}
	if err := b.Claim(ctx, item); !errors.Is(err, ErrClaimed) {
		t.Errorf("b claiming a's item: %v, want ErrClaimed", err)
	}
	if err := a.Archived(ctx, item, ""); err != nil {
		t.Fatal(err)
	}
	var arch *Archived
	if err := b.Claim(ctx, item); !errors.As(err, &arch) || arch.Node != "a" {
		t.Errorf("b claiming an item a archived: %v, want archived by a", err)
	}
	// The same article reached through another feed's GUID but the same
	// link is archived too.
	if err := b.Claim(ctx, store.ClaimKeys("other", "x", "https://NEWS.example/one?utm_source=rss")); !errors.As(err, &arch) {
		t.Errorf("b claiming the same link from another feed: %v, want archived", err)
	}

	if err := a.Claim(ctx, other); err != nil {
		t.Fatal(err)
	}
	claimed := time.Now()
	a.kill()
	testkit.WaitFor(t, 10*ttl, "b sees a dead", func() bool { return slices.Equal(b.Nodes(), []string{"b"}) })
	// a may have been only slow: its claim holds for the lease (2 TTLs
	// here) from when it was made, then b retries.
	if err := b.Claim(ctx, other); time.Since(claimed) < 2*ttl-100*time.Millisecond && !errors.Is(err, ErrClaimed) {
		t.Errorf("b claiming within the lease of dead a's claim: %v, want ErrClaimed", err)
	}
	testkit.WaitFor(t, 3*ttl, "b takes over the claim of dead a", func() bool { return b.Claim(ctx, other) == nil })
}

func TestAHalfFailedClaimLetsGo(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	ctx := context.Background()
	a, b := twoNodes(t, ttl)
	guidOnly := []string{"guid wire/g-7"}
	if err := a.Claim(ctx, guidOnly); err != nil {
		t.Fatal(err)
	}
	both := []string{"url https://news.example/seven", "guid wire/g-7"}
	if err := b.Claim(ctx, both); !errors.Is(err, ErrClaimed) {
		t.Fatalf("b: %v, want ErrClaimed", err)
	}
	if err := a.Claim(ctx, both[:1]); err != nil {
		t.Errorf("the link b claimed half-way is still held: %v", err)
	}
}

func TestReleaseLetsGoOfOwnOpenClaimsOnly(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second
	ctx := context.Background()
	a, b := twoNodes(t, ttl)
	failed := store.ClaimKeys("wire", "g-1", "https://news.example/failed")
	archived := store.ClaimKeys("wire", "g-2", "https://news.example/archived")
	theirs := store.ClaimKeys("wire", "g-3", "https://news.example/theirs")
	for _, c := range []struct {
		n    *testNode
		keys []string
	}{{a, failed}, {a, archived}, {b, theirs}} {
		if err := c.n.Claim(ctx, c.keys); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Archived(ctx, archived, ""); err != nil {
		t.Fatal(err)
	}
	if err := a.Release(ctx, slices.Concat(failed, archived, theirs)); err != nil {
		t.Fatal(err)
	}
	if err := b.Claim(ctx, failed); err != nil {
		t.Errorf("b claiming what a let go: %v", err)
	}
	var arch *Archived
	if err := b.Claim(ctx, archived); !errors.As(err, &arch) || arch.Node != "a" {
		t.Errorf("b claiming what a archived, after a's release: %v, want archived by a", err)
	}
	if err := a.Claim(ctx, theirs); !errors.Is(err, ErrClaimed) {
		t.Errorf("a claiming b's key after releasing it: %v, want ErrClaimed (not a's to let go)", err)
	}
	if err := a.Claim(ctx, archived); err != nil {
		t.Errorf("a claiming what it archived: %v, want its own", err)
	}
}

func TestClaimsExpireAfterTheRetention(t *testing.T) {
	t.Parallel()
	const ttl, retention = time.Second, 2 * time.Second
	ctx := context.Background()
	url := natstest.URL(t)
	a := startNodeWith(t, Options{Servers: []string{url}, Node: "a", TTL: ttl, ClaimLease: 2 * ttl, Retention: retention})
	item := store.ClaimKeys("wire", "g-1", "https://news.example/one")
	if err := a.Claim(ctx, item); err != nil {
		t.Fatal(err)
	}
	if err := a.Archived(ctx, item, ""); err != nil {
		t.Fatal(err)
	}
	h, err := a.handles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range []jetstream.KeyValue{h.claims, h.pending} {
		st, err := kv.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.TTL() != retention {
			t.Errorf("bucket %s keeps entries %v, want the retention %v", st.Bucket(), st.TTL(), retention)
		}
	}
	testkit.WaitFor(t, 30*time.Second, "the archived claims gone", func() bool {
		for _, k := range item {
			if _, err := h.claims.Get(ctx, claimKey(k)); !errors.Is(err, jetstream.ErrKeyNotFound) {
				return false
			}
		}
		return true
	})
	st, err := h.claims.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Values() != 0 {
		t.Errorf("claims bucket holds %d entries after the retention, want none", st.Values())
	}
}

// TestADeletedBucketIsMadeAgain: the claims bucket deleted under a
// running node is made again at the node's next claim, instead of every
// claim failing, and no new item being fetched, until a heartbeat fails.
func TestADeletedBucketIsMadeAgain(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	ctx := context.Background()
	a := startNode(t, natstest.URL(t), "a", ttl)
	testkit.WaitFor(t, 10*time.Second, "a claim", func() bool { return a.Claim(ctx, []string{"wire/story-1"}) == nil })
	if err := a.js.DeleteStream(ctx, kvStream(bucketClaims)); err != nil {
		t.Fatal(err)
	}
	testkit.WaitFor(t, 10*time.Second, "a claim in a bucket made again", func() bool {
		return a.Claim(ctx, []string{"wire/story-2"}) == nil
	})
}
