package store

import "go.etcd.io/bbolt"

// write runs fn in a write transaction. While other writes are under way,
// or saves are being prepared, it joins them in bbolt's batch, which
// waits up to batchDelay for more: one commit, one sync of the file and
// one rewrite of the index pages they share serve them all. A write alone
// commits at once: there is no one to wait for. fn may run more than once
// when a batch is retried, so it must only read what it is given.
func (db *DB) write(fn func(*bbolt.Tx) error) error {
	n := db.writers.Add(1)
	defer db.writers.Add(-1)
	if n+db.preparing.Load() > 1 {
		return db.bolt.Batch(fn)
	}
	return db.bolt.Update(fn)
}
