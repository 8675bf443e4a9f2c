package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// CheckWritable reports whether the archive still accepts writes. It commits
// an empty write transaction, which writes and syncs a new meta page, so it
// fails on an archive opened read-only, a closed one, or a file the system
// no longer lets it write; it waits for a running write to finish. The
// daemon's health check calls it.
func (db *DB) CheckWritable() error {
	if err := db.bolt.Update(func(*bbolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("archive %s is not writable: %w", db.path, err)
	}
	return nil
}
