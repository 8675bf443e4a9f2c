package crawler

import (
	"context"
	"log/slog"
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

// run flushes every interval until ctx ends, then once more. A failure
// is logged when it begins or changes, and its end once a flush goes
// through: an archive may take no writes for hours, and a line a second
// would bury every other.
func (b *stateBook) run(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	failing := ""
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			reportFlush(log, b.flush(), &failing)
			return
		}
		reportFlush(log, b.flush(), &failing)
	}
}

// reportFlush logs err when it differs from the failure before it
// (failing, "" for none), and the end of a failure. A flush after a
// failed one always writes: the states it could not write are pending
// still.
func reportFlush(log *slog.Logger, err error, failing *string) {
	switch {
	case err != nil && err.Error() != *failing:
		log.Error("store feed states; will retry every second", "err", err)
		*failing = err.Error()
	case err == nil && *failing != "":
		log.Info("feed states stored again")
		*failing = ""
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
