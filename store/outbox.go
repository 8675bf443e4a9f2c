package store

import (
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"
)

// The outbox of a cluster node is the export cursor index read from a
// mark: every archive and every change of an article takes its cursor in
// the transaction that saves it, so a record waits in the outbox from the
// moment it is committed, with no second write, until SetPublished moves
// the mark past it. A crash between a publish and the mark's move
// publishes the same records again, under the same message ids.

// metaPublished is the meta key of the last cursor a cluster's stream
// acknowledged.
const metaPublished = "cluster_published"

// OutboxEntry is one export record waiting to be published.
type OutboxEntry struct {
	// Cursor is the version's export cursor, unique in this archive.
	Cursor uint64
	// Feed is the first feed the article was seen in.
	Feed string
	// Line is the record as Export writes it, newline included.
	Line []byte
}

// Published returns the cursor up to which every record has been
// published: 0 when none has.
func (db *DB) Published() (uint64, error) {
	var c uint64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		if raw := bucketsOf(tx).meta.Get([]byte(metaPublished)); len(raw) == 8 {
			c = binary.BigEndian.Uint64(raw)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read published cursor: %w", err)
	}
	return c, nil
}

// SetPublished records that every record up to cursor was published. The
// mark never goes back.
func (db *DB) SetPublished(cursor uint64) error {
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		m := bucketsOf(tx).meta
		if raw := m.Get([]byte(metaPublished)); len(raw) == 8 && binary.BigEndian.Uint64(raw) >= cursor {
			return nil
		}
		return m.Put([]byte(metaPublished), binary.BigEndian.AppendUint64(nil, cursor))
	})
	if err != nil {
		return fmt.Errorf("set published cursor %d: %w", cursor, err)
	}
	return nil
}

// Outbox returns, in cursor order, the records of up to n article versions
// archived or revised after cursor after: each revision of an article on
// its own, as Export with Revisions writes them.
func (db *DB) Outbox(after uint64, n int) ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		c := b.cursors.Cursor()
		for k, v := c.Seek(idKey(after + 1)); k != nil && len(out) < n; k, v = c.Next() {
			id, err := keyID(v)
			if err != nil {
				return fmt.Errorf("cursor index %x: %w", k, err)
			}
			vs, err := b.versions(id, after)
			if err != nil {
				return fmt.Errorf("article %d: %w", id, err)
			}
			for _, a := range vs {
				out = append(out, outboxEntry(a))
			}
		}
		return nil
	})
	db.releaseMapped()
	if err != nil {
		return nil, fmt.Errorf("read outbox after cursor %d: %w", after, err)
	}
	return out, nil
}

// outboxEntry is a's record in the outbox.
func outboxEntry(a *Article) OutboxEntry {
	rec := newRecord(a)
	e := OutboxEntry{Cursor: a.Cursor, Line: rec.appendJSON(nil)}
	if len(a.Feeds) > 0 {
		e.Feed = a.Feeds[0]
	}
	return e
}

// WithCursor returns the export line with its cursor replaced: a cluster's
// export numbers records by their stream sequence. The line is checked as
// DecodeRecords checks it.
func WithCursor(line []byte, cursor uint64) ([]byte, error) {
	rec, err := decodeRecord(line)
	if err != nil {
		return nil, fmt.Errorf("record with cursor %d: %w", cursor, err)
	}
	rec.Cursor = cursor
	return rec.appendJSON(nil), nil
}

// OutboxDepth counts the articles with a record not yet published: the
// entries of the cursor index after the published mark, read in one
// walk of keys, no article decoded.
func (db *DB) OutboxDepth() (int, error) {
	mark, err := db.Published()
	if err != nil {
		return 0, err
	}
	n := 0
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		c := bucketsOf(tx).cursors.Cursor()
		for k, _ := c.Seek(idKey(mark + 1)); k != nil; k, _ = c.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count the outbox: %w", err)
	}
	return n, nil
}
