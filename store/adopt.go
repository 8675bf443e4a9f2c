package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// AdoptItems takes into the ledger pending items whose feed another node
// of a cluster polled: each with its outcome (tries, next try, last
// failure), so that its retries go on here on the schedule they had
// there. An item the ledger does not know is recorded as sighted; one it
// holds pending takes the adopted outcome unless its own has more tries;
// one it archived or gave up stays as it is. Items not pending are
// skipped. It returns how many items changed.
func (db *DB) AdoptItems(items []Item) (int, error) {
	defer db.touched()
	changed := 0
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		changed = 0
		for i := range items {
			ok, err := adoptItem(tx, &items[i])
			if err != nil {
				return err
			}
			if ok {
				changed++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("adopt pending items: %w", err)
	}
	return changed, nil
}

// adoptItem adopts one item; false when the ledger keeps its own.
func adoptItem(tx *bbolt.Tx, it *Item) (bool, error) {
	if it.Feed == "" || it.Outcome.State != ItemPending {
		return false, nil
	}
	key := itemKey(it)
	old, found, err := getItem(tx, key)
	if err != nil {
		return false, err
	}
	if found {
		if old.Outcome.State != ItemPending || old.Outcome.Tries > it.Outcome.Tries {
			return false, nil
		}
		return true, putOutcome(tx, key, old, it.Outcome)
	}
	raw, err := encodeItem(it)
	if err != nil {
		return false, err
	}
	if err := recordSighting(tx, it, key, raw); err != nil {
		return false, err
	}
	return true, updateCounts(tx, it.Feed, func(c *ItemCounts) { c.Seen++; c.add(ItemPending, 1) })
}
