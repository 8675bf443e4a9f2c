package store

import (
	"errors"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// seenQuery is one Seen call, checked outside the transaction.
type seenQuery struct {
	feed    string
	guidKey []byte // nil when the item has no GUID
	urlKey  []byte // nil when the item has no link
}

// seenHit is what the read transaction of Seen found.
type seenHit struct {
	id    uint64
	found bool
	stale bool // the feed or GUID still has to be recorded
}

// Seen reports whether the item guid (may be empty) with link (may be empty)
// of feed is already archived, by its GUID in that feed or its normalised
// link. When it is, Seen also records feed in the article's Feeds and
// indexes the GUID, so that the next poll finds it in one read. A link is
// never indexed on the strength of a GUID alone: feeds that reuse GUIDs
// would otherwise tie other articles' links to the wrong one. An unknown
// item yields ok false and no error.
func (db *DB) Seen(feed, guid, link string) (id uint64, ok bool, err error) {
	hit, err := db.findItem(feed, guid, link)
	db.touched()
	if err != nil {
		return 0, false, fmt.Errorf("seen %s item %s: %w", feed, itemName(guid, link), err)
	}
	return hit.id, hit.found, nil
}

// findItem looks the item up in a read transaction and, only when the
// article found does not yet record the feed or GUID, records them in a
// write transaction.
func (db *DB) findItem(feed, guid, link string) (seenHit, error) {
	q, err := newSeenQuery(feed, guid, link)
	if err != nil {
		return seenHit{}, err
	}
	hit, err := db.seenLookup(q)
	if err != nil || !hit.found || !hit.stale {
		return hit, err
	}
	err = db.write(func(tx *bbolt.Tx) error {
		return bucketsOf(tx).link(hit.id, q.feed, q.guidKey, nil)
	})
	if err != nil {
		return seenHit{}, fmt.Errorf("record: %w", err)
	}
	return hit, nil
}

// itemName names a feed item in errors.
func itemName(guid, link string) string {
	if link != "" {
		return link
	}
	return guid
}

// newSeenQuery checks the arguments of Seen and derives their keys.
func newSeenQuery(feed, guid, link string) (seenQuery, error) {
	if feed == "" {
		return seenQuery{}, errors.New("no feed name")
	}
	if guid == "" && link == "" {
		return seenQuery{}, errors.New("neither guid nor link")
	}
	q := seenQuery{feed: feed}
	if guid != "" {
		q.guidKey = guidKey(feed, guid)
	}
	if link != "" {
		u, err := normalizeURL(link)
		if err != nil {
			return seenQuery{}, err
		}
		q.urlKey = urlKey(u)
	}
	return q, nil
}

// seenLookup runs the read half of Seen.
func (db *DB) seenLookup(q seenQuery) (seenHit, error) {
	var hit seenHit
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		hit, err = bucketsOf(tx).seen(q)
		return err
	})
	if err != nil {
		return seenHit{}, fmt.Errorf("look up: %w", err)
	}
	return hit, nil
}

// seen finds the article of q by GUID, then by link, and tells whether the
// feed or GUID still has to be recorded. A GUID is only ever indexed
// together with its feed being added to the article, so a GUID hit needs no
// check of Feeds.
func (b buckets) seen(q seenQuery) (seenHit, error) {
	gid, byGUID, err := lookup(b.guids, q.guidKey)
	if err != nil {
		return seenHit{}, err
	}
	lid, byLink, err := lookup(b.urls, q.urlKey)
	if err != nil {
		return seenHit{}, err
	}
	switch {
	case byGUID:
		return seenHit{id: gid, found: true}, nil
	case byLink && q.guidKey != nil:
		return seenHit{id: lid, found: true, stale: true}, nil
	case byLink:
		return b.seenByLinkOnly(lid, q.feed)
	}
	return seenHit{}, nil
}

// seenByLinkOnly checks whether article id found by link alone already
// lists feed.
func (b buckets) seenByLinkOnly(id uint64, feed string) (seenHit, error) {
	a, err := b.article(id)
	if err != nil {
		return seenHit{}, fmt.Errorf("article %d: %w", id, err)
	}
	return seenHit{id: id, found: true, stale: !slices.Contains(a.Feeds, feed)}, nil
}
