package crawler

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// unsavedItems remembers, in memory, the items whose page was fetched but
// could not be saved (a full disk, a read-only archive). The archive
// cannot record that their page was tried, so the poll that sees such an
// item again, and each pass of the retry loop, would fetch the page again
// at once. An item waits a minute after its first such failure, twice as
// long after each next one, at most an hour; any other outcome of a try
// forgets it.
type unsavedItems struct {
	mu    sync.Mutex
	items map[string]*unsavedItem // by store.ItemID
}

// unsavedItem is when an item's page may be fetched again, and the wait
// that set it.
type unsavedItem struct {
	until time.Time
	wait  archiveWait
}

func newUnsavedItems() *unsavedItems {
	return &unsavedItems{items: make(map[string]*unsavedItem)}
}

// hold returns an archive error when the page of item id is not to be
// fetched at now; nil when it may be.
func (u *unsavedItems) hold(id string, now time.Time) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	it, ok := u.items[id]
	if !ok || !now.Before(it.until) {
		return nil
	}
	return &archiveError{fmt.Errorf("its page could not be saved at the last try; not fetched again before %s", it.until.Format(time.RFC3339))}
}

// note takes the outcome err of a try of item id's page at now: an
// archive error after the fetch puts the item off; any other forgets it.
func (u *unsavedItems) note(id string, now time.Time, err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	var ae *archiveError
	if !errors.As(err, &ae) {
		delete(u.items, id)
		return
	}
	it, ok := u.items[id]
	if !ok {
		it = &unsavedItem{wait: archiveWait{most: time.Hour}}
		u.items[id] = it
	}
	it.until = now.Add(it.wait.after(true))
}
