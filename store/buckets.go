package store

import (
	"encoding/binary"

	"go.etcd.io/bbolt"
)

// buckets are the buckets of one transaction. They are created at Open, so
// they are never nil inside a transaction on an open DB.
type buckets struct {
	meta, articles, urls, guids, hashes, feeds *bbolt.Bucket
	captures, revisions, cursors, lsh, sigs    *bbolt.Bucket
	captureRefs                                *bbolt.Bucket
	revisits, revisitDue, revisitCounts        *bbolt.Bucket
}

// bucketsOf returns the buckets of tx.
func bucketsOf(tx *bbolt.Tx) buckets {
	return buckets{
		meta:     tx.Bucket([]byte(bucketMeta)),
		articles: tx.Bucket([]byte(bucketArticles)),
		urls:     tx.Bucket([]byte(bucketURLs)),
		guids:    tx.Bucket([]byte(bucketGUIDs)),
		hashes:   tx.Bucket([]byte(bucketHashes)),
		feeds:    tx.Bucket([]byte(bucketFeeds)),

		captures:  tx.Bucket([]byte(bucketCaptures)),
		revisions: tx.Bucket([]byte(bucketRevs)),
		cursors:   tx.Bucket([]byte(bucketCursors)),
		lsh:       tx.Bucket([]byte(bucketLSH)),
		sigs:      tx.Bucket([]byte(bucketSigs)),

		captureRefs: tx.Bucket([]byte(bucketCapRefs)),

		revisits:      tx.Bucket([]byte(bucketRevisits)),
		revisitDue:    tx.Bucket([]byte(bucketRevisitDue)),
		revisitCounts: tx.Bucket([]byte(bucketRevisitCounts)),
	}
}

// lookup returns the article id an index maps key to. A nil key is never
// found.
func lookup(index *bbolt.Bucket, key []byte) (uint64, bool, error) {
	if key == nil {
		return 0, false, nil
	}
	v := index.Get(key)
	if v == nil {
		return 0, false, nil
	}
	id, err := keyID(v)
	return id, err == nil, err
}

// putIfAbsent maps key to id unless key is nil or already mapped: the first
// article to claim a key keeps it.
func putIfAbsent(index *bbolt.Bucket, key []byte, id uint64) error {
	if key == nil || index.Get(key) != nil {
		return nil
	}
	return index.Put(key, idKey(id))
}

// article reads article id, or returns ErrNotFound. Callers name the
// article in their error.
func (b buckets) article(id uint64) (*Article, error) {
	raw := b.articles.Get(idKey(id))
	if raw == nil {
		return nil, ErrNotFound
	}
	return decodeArticle(id, raw)
}

// putArticle writes a under a.ID.
func (b buckets) putArticle(a *Article) error {
	raw, err := encodeArticle(a)
	if err != nil {
		return err
	}
	return b.articles.Put(idKey(a.ID), raw)
}

// count returns the number of stored articles.
func (b buckets) count() uint64 {
	raw := b.meta.Get([]byte(metaCount))
	if len(raw) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(raw)
}

// addCount adds one to the number of stored articles.
func (b buckets) addCount() error {
	return b.meta.Put([]byte(metaCount), binary.BigEndian.AppendUint64(nil, b.count()+1))
}

// feedState reads the state of feed name; the zero state when there is none.
func (b buckets) feedState(name string) (FeedState, error) {
	raw := b.feeds.Get(feedKey(name))
	if raw == nil {
		return FeedState{Name: name}, nil
	}
	return decodeFeedState(raw)
}

// putFeedState writes s under its name.
func (b buckets) putFeedState(s FeedState) error {
	raw, err := encodeFeedState(s)
	if err != nil {
		return err
	}
	return b.feeds.Put(feedKey(s.Name), raw)
}
