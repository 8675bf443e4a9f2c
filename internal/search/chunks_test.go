package search

import (
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

func articlesOf(ids ...uint64) []*store.Article {
	out := make([]*store.Article, len(ids))
	for i, id := range ids {
		out[i] = &store.Article{ID: id}
	}
	return out
}

// TestChunkOrder checks which chunks a chunk waits for: those more than
// workers before it, or all before it when it holds an article that a
// chunk still possibly in flight holds too (a revision read while the
// older version was being indexed).
func TestChunkOrder(t *testing.T) {
	if workers != 2 {
		t.Skipf("cases written for 2 workers, not %d", workers)
	}
	var r recentIDs
	steps := []struct {
		name string
		ids  []uint64
		want int
	}{
		{"first", []uint64{1, 2, 3}, 0},
		{"second-distinct", []uint64{4, 5}, 0},
		{"third-distinct", []uint64{6, 7}, 0},
		{"fourth-distinct-waits-for-first", []uint64{8, 9}, 1},
		{"revision-of-a-chunk-maybe-in-flight-waits-for-all", []uint64{10, 6}, 4},
		{"revision-of-a-chunk-done-before", []uint64{1, 11}, 3},
	}
	for seq, s := range steps {
		if got := r.after(seq, articlesOf(s.ids...)); got != s.want {
			t.Errorf("%s: chunk %d of %v waits for the chunks before %d, want before %d", s.name, seq, s.ids, got, s.want)
		}
	}
}

// TestGate checks that a wait ends once every chunk before the one waited
// for is done, whatever the order they end in.
func TestGate(t *testing.T) {
	g := newGate()
	released := make(chan struct{})
	go func() { g.waitFor(3); close(released) }()
	for _, seq := range []int{2, 0} {
		g.done(seq)
		select {
		case <-released:
			t.Fatalf("wait for the chunks before 3 ended with chunk 1 not done")
		default:
		}
	}
	g.done(1)
	<-released // hangs, and the test times out, if done(1) does not release it
	g.waitFor(0)
	g.waitFor(3)
}
