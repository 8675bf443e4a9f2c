package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// eachChunk is how many articles Each reads per read transaction: enough to
// amortise the transaction, few enough that a long export neither holds old
// pages from being reused nor keeps much in memory.
const eachChunk = 1000

// Each calls fn for every article in id order, and stops at the first error
// fn returns, returning it unwrapped. Articles are read a chunk at a time in
// short read transactions, and fn runs outside any transaction, so fn may
// take its time and even call other methods of db. An article saved while
// Each runs is visited when its id comes after the current chunk.
func (db *DB) Each(fn func(*Article) error) error {
	next := uint64(1) // ids from NextSequence start at 1
	for {
		chunk, err := db.readChunk(next, eachChunk)
		if err != nil {
			return fmt.Errorf("read articles from id %d: %w", next, err)
		}
		for _, a := range chunk {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(chunk) < eachChunk {
			return nil
		}
		next = chunk[len(chunk)-1].ID + 1
	}
}

// readChunk returns up to n articles with ids from first on, in id order.
func (db *DB) readChunk(first uint64, n int) ([]*Article, error) {
	chunk := make([]*Article, 0, n)
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		c := bucketsOf(tx).articles.Cursor()
		for k, v := c.Seek(idKey(first)); k != nil && len(chunk) < n; k, v = c.Next() {
			a, err := decodeStored(k, v)
			if err != nil {
				return err
			}
			chunk = append(chunk, a)
		}
		return nil
	})
	db.releaseMapped() // a whole chunk read: its pages are done with
	return chunk, err
}

// decodeStored decodes one key and value of the articles bucket.
func decodeStored(k, v []byte) (*Article, error) {
	id, err := keyID(k)
	if err != nil {
		return nil, err
	}
	a, err := decodeArticle(id, v)
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	return a, nil
}
