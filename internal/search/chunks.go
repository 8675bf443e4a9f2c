package search

import (
	"context"
	"sync"

	"github.com/depeche-archiver/depeche/store"
)

// chunk is one read of the archive's changes: the articles, in cursor
// order, or the error that ended the reading.
type chunk struct {
	seq      int // from 0, in reading order
	after    int // the chunks before this one that must be in the index first
	articles []*store.Article
	err      error
}

// last is the cursor of c's last article.
func (c chunk) last() uint64 { return c.articles[len(c.articles)-1].Cursor }

// readChunks sends the chunks of db's changes after cursor on out, and
// closes it, until the archive has no more, a read fails (that chunk
// carries the error) or ctx ends.
//
// An article revised while its older version is still being indexed
// appears in two chunks: the later chunk then waits for every chunk
// before it (after), so that the newer version is the one that stays.
// A chunk waits, too, for the chunks more than workers before it, so
// that none can be in flight unseen.
func readChunks(ctx context.Context, db *store.DB, cursor uint64, out chan<- chunk, order *gate) {
	defer close(out)
	var recent []map[uint64]bool // the ids of the last workers chunks
	for seq := 0; ; seq++ {
		articles, err := db.Changed(cursor)
		if err == nil && len(articles) == 0 {
			return
		}
		c := chunk{seq: seq, after: max(seq-workers, 0), articles: articles, err: err}
		ids := make(map[uint64]bool, len(articles))
		for _, a := range articles {
			ids[a.ID] = true
			if inAny(recent, a.ID) {
				c.after = seq
			}
		}
		recent = append(recent, ids)
		if len(recent) > workers {
			recent = recent[1:]
		}
		select {
		case out <- c:
		case <-ctx.Done():
			return
		}
		if err != nil {
			return
		}
		cursor = c.last()
	}
}

// inAny reports whether id is in one of sets.
func inAny(sets []map[uint64]bool, id uint64) bool {
	for _, s := range sets {
		if s[id] {
			return true
		}
	}
	return false
}

// gate lets a chunk wait until the chunks before a given one are indexed
// (or failed).
type gate struct {
	mu       sync.Mutex
	changed  *sync.Cond
	first    int          // every chunk before it is done
	finished map[int]bool // done, at or after first
}

func newGate() *gate {
	g := &gate{finished: map[int]bool{}}
	g.changed = sync.NewCond(&g.mu)
	return g
}

// done records that chunk seq is done.
func (g *gate) done(seq int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.finished[seq] = true
	for g.finished[g.first] {
		delete(g.finished, g.first)
		g.first++
	}
	g.changed.Broadcast()
}

// waitFor waits until every chunk before seq is done.
func (g *gate) waitFor(seq int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.first < seq {
		g.changed.Wait()
	}
}
