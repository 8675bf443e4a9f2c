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
func readChunks(ctx context.Context, db *store.DB, cursor uint64, out chan<- chunk) {
	defer close(out)
	var recent recentIDs
	for seq := 0; ; seq++ {
		articles, err := db.Changed(cursor)
		if err == nil && len(articles) == 0 {
			return
		}
		c := chunk{seq: seq, after: recent.after(seq, articles), articles: articles, err: err}
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

// recentIDs are the article ids of the last workers chunks read.
type recentIDs []map[uint64]bool

// after records the ids of chunk seq's articles and returns the chunks
// before it that must be in the index first: every one when it shares an
// article with a recent chunk, else those more than workers before it.
func (r *recentIDs) after(seq int, articles []*store.Article) int {
	after := max(seq-workers, 0)
	ids := make(map[uint64]bool, len(articles))
	for _, a := range articles {
		ids[a.ID] = true
		for _, s := range *r {
			if s[a.ID] {
				after = seq
			}
		}
	}
	*r = append(*r, ids)
	if len(*r) > workers {
		*r = (*r)[1:]
	}
	return after
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
