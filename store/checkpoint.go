package store

import (
	"bytes"
	"fmt"

	"go.etcd.io/bbolt"
)

// bucketBackfill holds backfill checkpoints: feed name, 0, unit -> value.
const bucketBackfill = "backfill"

// checkpointKey is the key of unit in feed's checkpoint.
func checkpointKey(feed, unit string) []byte {
	return append(append([]byte(feed), 0), unit...)
}

// Checkpoint returns the units a backfill of feed has finished, each with
// the value recorded for it (the links a document led to, say), so that
// the same backfill, started again, carries on where it stopped.
func (db *DB) Checkpoint(feed string) (map[string]string, error) {
	done := map[string]string{}
	prefix := checkpointKey(feed, "")
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket([]byte(bucketBackfill)).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			done[string(k[len(prefix):])] = string(v)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read backfill checkpoint of %s: %w", feed, err)
	}
	return done, nil
}

// MarkDone records that a backfill of feed finished unit. Concurrent
// calls are batched.
func (db *DB) MarkDone(feed, unit, value string) error {
	err := db.write(func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte(bucketBackfill)).Put(checkpointKey(feed, unit), []byte(value))
	})
	if err != nil {
		return fmt.Errorf("record backfill of %s at %s: %w", feed, unit, err)
	}
	return nil
}

// ClearCheckpoint forgets feed's backfill progress, to start over.
func (db *DB) ClearCheckpoint(feed string) error {
	prefix := checkpointKey(feed, "")
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte(bucketBackfill))
		var keys [][]byte
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			keys = append(keys, bytes.Clone(k))
		}
		for _, k := range keys { // never delete while the cursor walks
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clear backfill checkpoint of %s: %w", feed, err)
	}
	return nil
}
