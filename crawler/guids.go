package crawler

import (
	"sync"

	"github.com/depeche-archiver/depeche/store"
)

// guidMemory remembers each feed's last list of items, to tell whether its
// GUIDs can identify them (store.UsableGUIDs): some feeds leave GUIDs
// empty, repeat them, or change them on every poll.
type guidMemory struct {
	mu       sync.Mutex
	last     map[string][]store.FeedItem
	unusable map[string]bool
}

func newGUIDMemory() *guidMemory {
	return &guidMemory{last: map[string][]store.FeedItem{}, unusable: map[string]bool{}}
}

// check blanks the GUIDs of items when the feed's GUIDs are unusable
// (repeated in one document, or changing from poll to poll), so that its
// items are keyed by URL alone, and reports whether that changed since the
// last poll. An item without a GUID is keyed by URL anyway and does not
// make the others' GUIDs unusable.
func (g *guidMemory) check(feed string, items []Item) (unusable, changed bool) {
	list := make([]store.FeedItem, 0, len(items))
	for _, it := range items {
		if it.GUID != "" {
			list = append(list, store.FeedItem{GUID: it.GUID, Link: it.Link})
		}
	}
	g.mu.Lock()
	unusable = !store.UsableGUIDs(list, g.last[feed])
	changed = unusable != g.unusable[feed]
	g.last[feed], g.unusable[feed] = list, unusable
	g.mu.Unlock()
	if unusable {
		for i := range items {
			items[i].GUID = ""
		}
	}
	return unusable, changed
}
