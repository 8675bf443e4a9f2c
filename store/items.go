package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// itemKeyLen is the length of an item's key: 8 bytes of its feed's hash,
// so that a feed's items lie together, then 32 of its identity's.
const itemKeyLen = 8 + 32

// itemKey identifies it within its feed: by GUID, else by its normalised
// link, else by its title and content (an item with neither GUID nor
// link). A GUID with two links is one item.
func itemKey(it *Item) []byte {
	var id []byte
	switch {
	case it.GUID != "":
		id = hashKey("item-guid", it.GUID)
	case it.Link != "":
		link := it.Link
		if n, err := normalizeURL(link); err == nil {
			link = n
		}
		id = hashKey("item-link", link)
	default:
		id = hashKey("item-text", it.Title, it.Content, it.Summary)
	}
	return append(feedPrefix(it.Feed), id...)
}

// feedPrefix is the first 8 bytes of the keys of feed's items.
func feedPrefix(feed string) []byte { return hashKey("item-feed", feed)[:8] }

// dueKey orders pending items by their next try.
func dueKey(next time.Time, key []byte) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(next.UnixNano())), key...)
}

// storedItem is the storage encoding of Item.
type storedItem struct {
	Feed       string      `json:"feed"`
	GUID       string      `json:"guid,omitempty"`
	Link       string      `json:"link,omitempty"`
	Title      string      `json:"title,omitempty"`
	Summary    string      `json:"summary,omitempty"`
	Content    string      `json:"content,omitempty"`
	Author     string      `json:"author,omitempty"`
	Published  time.Time   `json:"published,omitzero"`
	Updated    time.Time   `json:"updated,omitzero"`
	Categories []string    `json:"categories,omitempty"`
	Enclosures []Enclosure `json:"enclosures,omitempty"`
	FirstSeen  time.Time   `json:"first_seen,omitzero"`
	State      string      `json:"state"`
	Article    uint64      `json:"article,omitempty"`
	Tries      int         `json:"tries,omitempty"`
	LastTry    time.Time   `json:"last_try,omitzero"`
	NextTry    time.Time   `json:"next_try,omitzero"`
	HTTPStatus int         `json:"http_status,omitempty"`
	Reason     string      `json:"reason,omitempty"`
	Signal     time.Time   `json:"signal,omitzero"`
}

func encodeItem(it *Item) ([]byte, error) {
	o := it.Outcome
	raw, err := json.Marshal(storedItem{
		Feed: it.Feed, GUID: it.GUID, Link: it.Link, Title: it.Title, Summary: it.Summary, Content: it.Content,
		Author: it.Author, Published: it.Published, Updated: it.Updated, Categories: it.Categories,
		Enclosures: it.Enclosures, FirstSeen: it.FirstSeen,
		State: o.State, Article: o.Article, Tries: o.Tries, LastTry: o.LastTry, NextTry: o.NextTry,
		HTTPStatus: o.HTTPStatus, Reason: o.Reason, Signal: o.Signal,
	})
	if err != nil {
		return nil, fmt.Errorf("encode item: %w", err)
	}
	return raw, nil
}

func decodeItem(raw []byte) (Item, error) {
	var s storedItem
	if err := json.Unmarshal(raw, &s); err != nil {
		return Item{}, fmt.Errorf("decode item: %w", err)
	}
	return Item{
		Feed: s.Feed, GUID: s.GUID, Link: s.Link, Title: s.Title, Summary: s.Summary, Content: s.Content,
		Author: s.Author, Published: s.Published, Updated: s.Updated, Categories: s.Categories,
		Enclosures: s.Enclosures, FirstSeen: s.FirstSeen,
		Outcome: ItemOutcome{State: s.State, Article: s.Article, Tries: s.Tries, LastTry: s.LastTry,
			NextTry: s.NextTry, HTTPStatus: s.HTTPStatus, Reason: s.Reason, Signal: s.Signal},
	}, nil
}

// recordSighting stores a new item and indexes its next try; the caller
// counts it.
func recordSighting(tx *bbolt.Tx, it *Item, key, raw []byte) error {
	if err := tx.Bucket([]byte(bucketItems)).Put(key, raw); err != nil {
		return err
	}
	if next := it.Outcome.NextTry; !next.IsZero() {
		return tx.Bucket([]byte(bucketItemDue)).Put(dueKey(next, key), nil)
	}
	return nil
}

// SetItemOutcome records what became of the item it (identified as
// SightItems identifies it, and recorded by it): its state, its
// article, its tries. The feed's counts follow, and a pending item with a
// next try is indexed for its retry.
func (db *DB) SetItemOutcome(it *Item, o ItemOutcome) error {
	defer db.touched()
	key := itemKey(it)
	err := db.write(func(tx *bbolt.Tx) error {
		old, found, err := getItem(tx, key)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("%w: never sighted", ErrNotFound)
		}
		return putOutcome(tx, key, old, o)
	})
	return db.itemErr("record outcome of", it, err)
}

// putOutcome replaces old's outcome with o, moving its counts and its
// place among the retries.
func putOutcome(tx *bbolt.Tx, key []byte, old Item, o ItemOutcome) error {
	due := tx.Bucket([]byte(bucketItemDue))
	if old.Outcome.State == ItemPending && !old.Outcome.NextTry.IsZero() {
		if err := due.Delete(dueKey(old.Outcome.NextTry, key)); err != nil {
			return err
		}
	}
	if o.State == ItemPending && !o.NextTry.IsZero() {
		if err := due.Put(dueKey(o.NextTry, key), nil); err != nil {
			return err
		}
	}
	next := old
	next.Outcome = o
	raw, err := encodeItem(&next)
	if err != nil {
		return err
	}
	if err := tx.Bucket([]byte(bucketItems)).Put(key, raw); err != nil {
		return err
	}
	if old.Outcome.State == o.State {
		return nil
	}
	return updateCounts(tx, old.Feed, func(c *ItemCounts) { c.add(old.Outcome.State, -1); c.add(o.State, 1) })
}

// getItem reads the item at key, copying it out of the transaction.
func getItem(tx *bbolt.Tx, key []byte) (Item, bool, error) {
	raw := tx.Bucket([]byte(bucketItems)).Get(key)
	if raw == nil {
		return Item{}, false, nil
	}
	it, err := decodeItem(raw)
	return it, err == nil, err
}

// updateCounts applies change to feed's item counts.
func updateCounts(tx *bbolt.Tx, feed string, change func(*ItemCounts)) error {
	b := tx.Bucket([]byte(bucketItemCounts))
	var c ItemCounts
	if raw := b.Get([]byte(feed)); raw != nil {
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("item counts of %s: %w", feed, err)
		}
	}
	change(&c)
	raw, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return b.Put([]byte(feed), raw)
}

// ItemCounts returns the item counts of every feed the archive saw items
// of, by feed name.
func (db *DB) ItemCounts() (map[string]ItemCounts, error) {
	defer db.touched()
	out := map[string]ItemCounts{}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte(bucketItemCounts)).ForEach(func(k, v []byte) error {
			var c ItemCounts
			if err := json.Unmarshal(v, &c); err != nil {
				return fmt.Errorf("item counts of %s: %w", k, err)
			}
			out[string(k)] = c
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("read item counts: %w", err)
	}
	return out, nil
}

// FeedItems returns the items of feed in state ("" for every state), in
// key order.
func (db *DB) FeedItems(feed, state string) ([]Item, error) {
	defer db.touched()
	prefix := feedPrefix(feed)
	var out []Item
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket([]byte(bucketItems)).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			it, err := decodeItem(v)
			if err != nil {
				return err
			}
			if it.Feed == feed && (state == "" || it.Outcome.State == state) {
				out = append(out, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read items of %s: %w", feed, err)
	}
	return out, nil
}

// DueItems returns at most n pending items whose next try is at or before
// t, the earliest first.
func (db *DB) DueItems(t time.Time, n int) ([]Item, error) {
	defer db.touched()
	var out []Item
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket([]byte(bucketItemDue)).Cursor()
		end := uint64(t.UnixNano())
		for k, _ := c.First(); k != nil && len(out) < n; k, _ = c.Next() {
			if len(k) != 8+itemKeyLen || binary.BigEndian.Uint64(k) > end {
				break
			}
			it, found, err := getItem(tx, k[8:])
			if err != nil {
				return err
			}
			if found {
				out = append(out, it)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read due items: %w", err)
	}
	return out, nil
}

// itemErr names the item in err, nil when err is.
func (db *DB) itemErr(what string, it *Item, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s %s item %s: %w", what, it.Feed, itemName(it.GUID, it.Link), err)
}

// sightChunk is how many new items one write transaction of SightItems
// records.
const sightChunk = 1000

// SightItems records the items of one poll that their feed had not shown
// before, as ItemPending: on first sight, before any page is fetched, in
// one read and one write for every thousand new items, however many the
// feed lists. A new item is due again at its Outcome.NextTry when that is
// set: a lease, so that the retry schedule finds an item whose first try
// a crash cut short. SightItems returns each item as recorded (it, or
// what the archive had of it) and whether this was its first sight; an
// item listed twice (one GUID with two links) is new once.
func (db *DB) SightItems(items []*Item) ([]Item, []bool, error) {
	defer db.touched()
	recs, first := make([]Item, len(items)), make([]bool, len(items))
	keys := make([][]byte, len(items))
	for i, it := range items {
		if it.Feed == "" {
			return nil, nil, errors.New("sight items: no feed name")
		}
		keys[i] = itemKey(it)
	}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		for i := range items {
			var err error
			var found bool
			if recs[i], found, err = getItem(tx, keys[i]); err != nil {
				return err
			}
			first[i] = !found
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sight items of %s: %w", items[0].Feed, err)
	}
	var fresh []int
	for i := range items {
		if first[i] {
			fresh = append(fresh, i)
		}
	}
	for start := 0; start < len(fresh); start += sightChunk {
		chunk := fresh[start:min(start+sightChunk, len(fresh))]
		if err := db.sightChunk(items, keys, chunk, recs, first); err != nil {
			return nil, nil, fmt.Errorf("sight items of %s: %w", items[0].Feed, err)
		}
	}
	return recs, first, nil
}

// sightChunk records the items at the indexes of chunk that are still
// unknown, in one transaction, filling in recs and first.
func (db *DB) sightChunk(items []*Item, keys [][]byte, chunk []int, recs []Item, first []bool) error {
	now := db.now()
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		added := map[string]int{} // new items by feed, counted once per write
		for _, i := range chunk {
			had, found, err := getItem(tx, keys[i])
			if err != nil {
				return err
			}
			if found { // listed twice, or sighted by a concurrent poll
				recs[i], first[i] = had, false
				continue
			}
			rec := *items[i]
			if rec.FirstSeen.IsZero() {
				rec.FirstSeen = now
			}
			rec.Outcome = ItemOutcome{State: ItemPending, NextTry: items[i].Outcome.NextTry}
			raw, err := encodeItem(&rec)
			if err != nil {
				return err
			}
			if err := recordSighting(tx, &rec, keys[i], raw); err != nil {
				return err
			}
			recs[i] = rec
			added[rec.Feed]++
		}
		for feed, n := range added {
			if err := updateCounts(tx, feed, func(c *ItemCounts) { c.Seen += n; c.add(ItemPending, n) }); err != nil {
				return err
			}
		}
		return nil
	})
}
