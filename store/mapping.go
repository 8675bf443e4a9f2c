package store

import (
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
)

// The archive releases its mapped pages once releaseEvery bytes of records
// and captures were written or read since the last release, or, when it
// was used at all, once releaseInterval has passed. The interval matters
// most: each index entry a save writes faults in its leaf page and the
// kernel maps the cached pages around it too, so a busy archive touches
// about 1 MB of mapping per article, over 100 MB/s, far more than the
// bytes it stores. Releasing every 50 ms keeps that under about 6 MB at
// any time; a release costs under a millisecond for a 300 MB archive
// (0.67 ms measured), so at most about 1.5% of one core.
const (
	releaseEvery    = 16 << 20
	releaseInterval = 50 * time.Millisecond
)

// mappedPages keeps the archive's share of the process's resident memory
// small. bbolt reads the file through a read-only shared mapping, and every
// page a lookup, a rewritten leaf or an export touches stays mapped, and
// counted in the resident set, until the process exits: an archive that
// grows to gigabytes would otherwise show up as a process of gigabytes,
// though the kernel could drop those pages at any time. So now and then
// the archive tells the kernel it no longer needs the mapped pages; they
// stay in the page cache, and the next read of one maps it again from
// there.
type mappedPages struct {
	since atomic.Int64 // bytes touched since the last release
	last  atomic.Int64 // time of the last release, in Unix nanoseconds
}

// due counts n more bytes touched at now and reports whether it is time to
// release the mapped pages. Two callers may both find it due: harmless.
func (m *mappedPages) due(n int, now time.Time) bool {
	bytes := m.since.Add(int64(n))
	if bytes < releaseEvery && now.UnixNano()-m.last.Load() < int64(releaseInterval) {
		return false
	}
	m.since.Store(0)
	m.last.Store(now.UnixNano())
	return true
}

// touched notes that an operation wrote or read n bytes of records and
// captures (0 for a lookup), and releases the mapped pages when due.
func (db *DB) touched(n int) {
	if db.mapped.due(n, time.Now()) {
		db.releaseMapped()
	}
}

// releaseMapped releases the archive's mapped pages from the resident set.
// It runs in a read transaction, which keeps bbolt from remapping the file
// meanwhile. A failed release costs memory, not data, so it is not an error
// for the write or read that triggered it.
func (db *DB) releaseMapped() {
	_ = db.bolt.View(func(tx *bbolt.Tx) error {
		return releasePages(tx.DB().Info().Data, tx.Size())
	})
}
