package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// Changed returns the current version of the articles archived or changed
// after cursor, in cursor order, up to a chunk of about a thousand: a
// follower (the search index) that passes the largest Article.Cursor it
// has seen gets every change once. An empty result means it is caught up.
func (db *DB) Changed(after uint64) ([]*Article, error) {
	var out []*Article
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		c := b.cursors.Cursor()
		for k, v := c.Seek(idKey(after + 1)); k != nil && len(out) < eachChunk; k, v = c.Next() {
			id, err := keyID(v)
			if err != nil {
				return err
			}
			a, err := b.article(id)
			if err != nil {
				return fmt.Errorf("article %d: %w", id, err)
			}
			out = append(out, a)
		}
		return nil
	})
	db.releaseMapped() // a whole chunk read: its pages are done with
	if err != nil {
		return nil, fmt.Errorf("read changes after cursor %d: %w", after, err)
	}
	return out, nil
}

// LastCursor returns the cursor of the latest archive or change, 0 in an
// empty archive.
func (db *DB) LastCursor() (uint64, error) {
	var last uint64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		k, _ := bucketsOf(tx).cursors.Cursor().Last()
		if k == nil {
			return nil
		}
		var err error
		last, err = keyID(k)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("read last cursor: %w", err)
	}
	return last, nil
}

// Before returns up to n articles with ids below before (0: from the
// newest), newest first, that keep selects, reading at most scan articles;
// next is the id to pass as before for the following page, 0 when the
// archive has no more. A page may hold fewer than n articles when the scan
// limit stopped it: next then says where to go on.
func (db *DB) Before(before uint64, n, scan int, keep func(*Article) bool) (out []*Article, next uint64, err error) {
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		c := bucketsOf(tx).articles.Cursor()
		k, v := c.Last()
		if before > 0 {
			if k, v = c.Seek(idKey(before)); k == nil {
				k, v = c.Last()
			} else {
				k, v = c.Prev()
			}
		}
		for read := 0; k != nil; k, v = c.Prev() {
			if len(out) == n || read == scan {
				next, err = keyID(k)
				next++ // the page after starts below the last read
				return err
			}
			read++
			a, err := decodeStored(k, v)
			if err != nil {
				return err
			}
			if keep == nil || keep(a) {
				out = append(out, a)
			}
		}
		return nil
	})
	db.releaseMapped()
	if err != nil {
		return nil, 0, fmt.Errorf("list articles before id %d: %w", before, err)
	}
	return out, next, nil
}
