package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// ArticleByURL finds the article the archive knows by rawURL: its page's
// address, its canonical URL or the link of an item that led to it,
// normalised as Save normalises them.
func (db *DB) ArticleByURL(rawURL string) (id uint64, found bool, err error) {
	u, err := normalizeURL(rawURL)
	if err != nil {
		return 0, false, fmt.Errorf("find article %s: %w", rawURL, err)
	}
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		id, found, err = lookup(bucketsOf(tx).urls, urlKey(u))
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("find article %s: %w", rawURL, err)
	}
	return id, found, nil
}

// RecordOf is a's export record.
func RecordOf(a *Article) Record { return newRecord(a) }
