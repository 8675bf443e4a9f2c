package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// Coverage is what became of one feed's items: their counts by state, and
// when the first of its pending items is tried again.
type Coverage struct {
	Items ItemCounts
	// NextTry is the earliest next try of the feed's pending items; zero
	// when none waits for one.
	NextTry time.Time
}

// Coverage returns the coverage of every feed the archive saw items of,
// by feed name, as of one read. The next tries come from the index of
// retries, which holds only pending items in the order they are due: the
// walk reads keys, decodes no item, and stops once every feed with a
// pending item has its earliest.
func (db *DB) Coverage() (map[string]Coverage, error) {
	defer db.touched()
	out := map[string]Coverage{}
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		byPrefix, err := readCoverage(tx, out)
		if err != nil {
			return err
		}
		return findNextTries(tx, byPrefix, out)
	})
	if err != nil {
		return nil, fmt.Errorf("read item coverage: %w", err)
	}
	return out, nil
}

// readCoverage fills out with each feed's item counts and returns the
// feeds that have pending items by the prefix of their item keys.
func readCoverage(tx *bbolt.Tx, out map[string]Coverage) (map[string]string, error) {
	byPrefix := map[string]string{}
	err := tx.Bucket([]byte(bucketItemCounts)).ForEach(func(k, v []byte) error {
		var c ItemCounts
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("item counts of %s: %w", k, err)
		}
		feed := string(k)
		out[feed] = Coverage{Items: c}
		if c.Pending > 0 {
			byPrefix[string(feedPrefix(feed))] = feed
		}
		return nil
	})
	return byPrefix, err
}

// findNextTries sets, in out, the next try of each feed of byPrefix that
// has an item due for a retry, and empties byPrefix as it goes. The item
// key's first 8 bytes name the feed; two feed names sharing them is a
// 64-bit hash collision, left aside.
func findNextTries(tx *bbolt.Tx, byPrefix map[string]string, out map[string]Coverage) error {
	c := tx.Bucket([]byte(bucketItemDue)).Cursor()
	for k, _ := c.First(); k != nil && len(byPrefix) > 0; k, _ = c.Next() {
		if len(k) != 8+itemKeyLen {
			return fmt.Errorf("retry index key of %d bytes", len(k))
		}
		prefix := string(k[8:16])
		feed, ok := byPrefix[prefix]
		if !ok {
			continue // an earlier key gave this feed's next try
		}
		cov := out[feed]
		cov.NextTry = time.Unix(0, int64(binary.BigEndian.Uint64(k))).UTC()
		out[feed] = cov
		delete(byPrefix, prefix)
	}
	return nil
}
