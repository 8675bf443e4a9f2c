package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// Capture returns the raw page article id was cleaned from, or an error
// satisfying errors.Is(err, ErrNotFound) when the article or its capture
// does not exist. The compressed bytes are read (or, in an archive older than
// the captures file, copied out of the transaction) and decompressed after it.
func (db *DB) Capture(id uint64) (*Capture, error) {
	var data []byte
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		data, err = db.captureData(bucketsOf(tx), id)
		if err == nil && data == nil {
			err = ErrNotFound
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read capture of article %d: %w", id, err)
	}
	db.touched()
	c, _, err := db.unpack(data)
	if err != nil {
		return nil, fmt.Errorf("read capture of article %d: %w", id, err)
	}
	return c, nil
}
