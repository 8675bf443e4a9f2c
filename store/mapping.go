package store

import (
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
)

// The archive's mapped pages may take mappedBudget bytes of the resident
// set; past that, they are released. Whether they are past it is checked
// at most every mappedCheckEvery, from the process's file-backed resident
// bytes (one small read of /proc). A release is not free: the pages every
// save reads (branch pages, the near-duplicate index and signatures) fault
// in again after it, so releasing on a clock alone would cost CPU on every
// article. A budget lets those hot pages stay: captures are in their own
// file, never mapped, so what is mapped is records and indexes, whose hot
// part fits in it. Scans (export, check) release after each chunk instead:
// what they read they will not read again.
const (
	mappedBudget     = 32 << 20
	mappedCheckEvery = 50 * time.Millisecond
)

// mappedPages keeps the archive's share of the process's resident memory
// small. bbolt reads the file through a read-only shared mapping, and every
// page a lookup, a rewritten leaf or an export touches stays mapped, and
// counted in the resident set, until the process exits: an archive that
// grows to gigabytes would otherwise show up as a process of gigabytes,
// though the kernel could drop those pages at any time. So when the mapped
// pages pass their budget, the archive tells the kernel it no longer needs
// them; they stay in the page cache, and the next read of one maps it
// again from there.
type mappedPages struct {
	budget int64         // archive bytes that may stay mapped and resident
	every  time.Duration // least time between two checks
	last   atomic.Int64  // time of the last check, in Unix nanoseconds
	base   atomic.Int64  // file-backed resident bytes after the last release
}

// newMappedPages returns the release policy of a newly opened archive.
func newMappedPages() *mappedPages {
	m := &mappedPages{budget: mappedBudget, every: mappedCheckEvery}
	if res, ok := fileResident(); ok {
		m.base.Store(res) // the program's own files: not the archive's
	}
	return m
}

// due reports whether it is time, at now, to check the mapped pages; of
// callers at the same moment, one is told so.
func (m *mappedPages) due(now time.Time) bool {
	last := m.last.Load()
	return now.UnixNano()-last >= int64(m.every) && m.last.CompareAndSwap(last, now.UnixNano())
}

// over reports whether the archive's mapped pages are past their budget.
// Where the resident bytes cannot be read, it says they are, so the
// archive releases them at each check as the safe default.
func (m *mappedPages) over() bool {
	res, ok := fileResident()
	return !ok || res-m.base.Load() > m.budget
}

// touched notes that an operation read or wrote the archive, and releases
// the mapped pages when they are past their budget.
func (db *DB) touched() {
	if !db.mapped.due(time.Now()) || !db.mapped.over() {
		return
	}
	db.releaseMapped()
	if res, ok := fileResident(); ok {
		db.mapped.base.Store(res)
	}
}

// releaseMapped releases the archive's mapped pages from the resident set.
// It runs in a read transaction, which keeps bbolt from remapping the file
// meanwhile. A failed release costs memory, not data, so it is not an error
// for the write or read that triggered it. It must not be called inside a
// transaction: bbolt's remap lock would wait for it.
func (db *DB) releaseMapped() {
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		return releasePages(tx.DB().Info().Data, tx.Size())
	})
}
