package store

import (
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// Article returns the article with the given id, or an error satisfying
// errors.Is(err, ErrNotFound).
func (db *DB) Article(id uint64) (*Article, error) {
	var a *Article
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		a, err = bucketsOf(tx).article(id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read article %d: %w", id, err)
	}
	db.touched()
	return a, nil
}

// Count returns the number of archived articles.
func (db *DB) Count() (int, error) {
	var n uint64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		n = bucketsOf(tx).count()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return int(n), nil
}

// link records that article id was also seen in feed, under the item's guid
// key and at urlKeys: it adds feed to the article's Feeds and indexes the
// keys that are still free. Running it twice changes nothing more.
func (b buckets) link(id uint64, feed string, guid []byte, urlKeys [][]byte) error {
	if err := b.addFeed(id, feed); err != nil {
		return err
	}
	if err := putIfAbsent(b.guids, guid, id); err != nil {
		return fmt.Errorf("index guid of article %d: %w", id, err)
	}
	for _, k := range urlKeys {
		if err := putIfAbsent(b.urls, k, id); err != nil {
			return fmt.Errorf("index url of article %d: %w", id, err)
		}
	}
	return nil
}

// addFeed appends feed to the Feeds of article id unless it is there.
func (b buckets) addFeed(id uint64, feed string) error {
	a, err := b.article(id)
	if err != nil {
		return fmt.Errorf("add feed %s to article %d: %w", feed, id, err)
	}
	if slices.Contains(a.Feeds, feed) {
		return nil
	}
	a.Feeds = append(a.Feeds, feed)
	if err := b.putArticle(a); err != nil {
		return fmt.Errorf("add feed %s to article %d: %w", feed, id, err)
	}
	return nil
}
