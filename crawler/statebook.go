package crawler

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// stateBook holds the feed states written since the last flush and writes
// them to the archive in one transaction. A poll answered 304 changes
// only its feed's times; writing each on its own would cost a disk sync
// per poll. A crash loses at most one flush interval of states: feeds are
// then polled again a little early, and nothing archived is lost, since
// articles are saved on their own, at once.
type stateBook struct {
	db *store.DB

	mu    sync.Mutex
	dirty map[string]store.FeedState
}

func newStateBook(db *store.DB) *stateBook {
	return &stateBook{db: db, dirty: make(map[string]store.FeedState)}
}

// put records st to be written at the next flush.
func (b *stateBook) put(st store.FeedState) {
	b.mu.Lock()
	b.dirty[st.Name] = st
	b.mu.Unlock()
}

// flush writes the recorded states. They stay pending until written, so
// that overlay never shows older states in between; when the archive
// cannot be written (disk full, say), they are tried again next time.
func (b *stateBook) flush() error {
	b.mu.Lock()
	states := make([]store.FeedState, 0, len(b.dirty))
	for _, st := range b.dirty {
		states = append(states, st)
	}
	b.mu.Unlock()
	if len(states) == 0 {
		return nil
	}
	slices.SortFunc(states, func(x, y store.FeedState) int { return strings.Compare(x.Name, y.Name) })
	if err := b.db.PutFeedStates(states); err != nil {
		return err
	}
	b.forget(states)
	return nil
}

// forget drops written states, unless a newer one came meanwhile.
func (b *stateBook) forget(states []store.FeedState) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, st := range states {
		if cur, ok := b.dirty[st.Name]; ok && cur == st {
			delete(b.dirty, st.Name)
		}
	}
}

// run flushes every interval until ctx ends, then once more.
func (b *stateBook) run(ctx context.Context, every time.Duration, onErr func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			if err := b.flush(); err != nil {
				onErr(err)
			}
			return
		}
		if err := b.flush(); err != nil {
			onErr(err)
		}
	}
}

// overlay replaces in states those with a pending newer version, and adds
// pending states of feeds not yet in the archive.
func (b *stateBook) overlay(states []store.FeedState) []store.FeedState {
	b.mu.Lock()
	defer b.mu.Unlock()
	seen := make(map[string]bool, len(states))
	for i, st := range states {
		seen[st.Name] = true
		if p, ok := b.dirty[st.Name]; ok {
			p.Articles = st.Articles
			states[i] = p
		}
	}
	for name, p := range b.dirty {
		if !seen[name] {
			states = append(states, p)
		}
	}
	slices.SortFunc(states, func(x, y store.FeedState) int { return strings.Compare(x.Name, y.Name) })
	return states
}
