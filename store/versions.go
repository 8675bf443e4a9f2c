package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// versionScan walks the archive for Export: the current version of each
// article, or every version with revisions, in id order; or, from a
// cursor, only the versions made after it, in cursor order.
type versionScan struct {
	after     uint64 // 0 walks by id; else walks index_cursor after it
	revisions bool
}

// each calls fn for every version the scan selects, reading eachChunk keys
// per read transaction and calling fn outside it.
func (s versionScan) each(db *DB, fn func(*Article) error) error {
	next := s.after + 1 // ids and cursors from NextSequence start at 1
	for {
		chunk, last, n, err := s.readChunk(db, next)
		if err != nil {
			return fmt.Errorf("read archive from key %d: %w", next, err)
		}
		for _, a := range chunk {
			if err := fn(a); err != nil {
				return err
			}
		}
		if n < eachChunk {
			return nil
		}
		next = last + 1
	}
}

// readChunk reads the versions of up to eachChunk keys from first on and
// returns them with the last key read and how many keys it read.
func (s versionScan) readChunk(db *DB, first uint64) (out []*Article, last uint64, n int, err error) {
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		c := b.articles.Cursor()
		if s.after > 0 {
			c = b.cursors.Cursor()
		}
		for k, v := c.Seek(idKey(first)); k != nil && n < eachChunk; k, v = c.Next() {
			key, id, err := s.ids(k, v)
			if err != nil {
				return err
			}
			vs, err := s.versionsOf(b, id)
			if err != nil {
				return fmt.Errorf("article %d: %w", id, err)
			}
			out, last, n = append(out, vs...), key, n+1
		}
		return nil
	})
	db.releaseMapped() // a whole chunk read: its pages are done with
	return out, last, n, err
}

// ids decodes one key and value of the walked bucket into the key and the
// article id.
func (s versionScan) ids(k, v []byte) (key, id uint64, err error) {
	if key, err = keyID(k); err != nil {
		return 0, 0, err
	}
	if s.after == 0 {
		return key, key, nil
	}
	id, err = keyID(v)
	return key, id, err
}

// versionsOf returns the versions of article id the scan selects.
func (s versionScan) versionsOf(b buckets, id uint64) ([]*Article, error) {
	if s.revisions {
		return b.versions(id, s.after)
	}
	a, err := b.article(id)
	if err != nil {
		return nil, err
	}
	return []*Article{a}, nil
}
