package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
	"github.com/depeche-archiver/depeche/store/minhash"
)

// saveInput is one Save call, checked and prepared outside the transaction
// so that the transaction function only reads it and may safely run twice.
type saveInput struct {
	article Article            // the record to store, ID still unset
	feed    string             // the feed the article came through
	guidKey []byte             // nil when the item has no GUID
	urlKeys [][]byte           // one per distinct normalised URL
	hashKey []byte             // nil when the text is empty: empty pages are not duplicates
	capture *captures.Ref      // where the capture was written; nil when there is none
	sig     *minhash.Signature // the MinHash of the text; nil when it has no words
	revisit *Revisit           // its first revisit, article id unset; nil when it is not revisited
}

// saveResult is what a save transaction found or made.
type saveResult struct {
	id      uint64
	created bool
}

// Save stores a freshly fetched article that came through feed as the item
// guid (may be empty). urls are every address the article is known by: the
// item link, the final URL after redirects, the canonical URL; a.URL and
// a.CanonicalURL are added to them, empty strings are skipped and every
// other one must be an absolute http(s) URL.
//
// When one of those URLs or the sha256 of the text already belongs to an
// article, nothing new is stored: that article gains feed in its Feeds, the
// new URLs and the GUID are indexed to it, and Save returns its id and
// created false. Otherwise Save assigns a new id, stores the article, indexes
// it, counts it in the feed's FeedState.Articles and returns created true.
//
// Save fills in a before storing it: CanonicalURL is normalised (the first of
// a.CanonicalURL, a.URL and urls when empty), ContentHash is set to
// "sha256:<hex>" of Text when empty, GUID to guid and Fetched to the clock's
// now when they are empty, feed is added to Feeds, and ID is set when the
// article is created. Save is safe for concurrent use; concurrent calls share
// write transactions.
func (db *DB) Save(a *Article, feed, guid string, urls ...string) (id uint64, created bool, err error) {
	in, err := db.prepare(a, feed, guid, urls)
	if err != nil {
		return 0, false, fmt.Errorf("save article %s: %w", describe(a, urls), err)
	}
	var res saveResult
	err = db.write(func(tx *bbolt.Tx) error {
		var err error
		res, err = bucketsOf(tx).save(in)
		return err
	})
	if err != nil {
		return 0, false, fmt.Errorf("save article %s: %w", describe(a, urls), err)
	}
	if res.created {
		a.ID = res.id
		db.touched()
	}
	return res.id, res.created, nil
}

// prepare checks a Save call and writes its capture. Meanwhile the save
// counts as a write to come, which the writes under way wait for.
func (db *DB) prepare(a *Article, feed, guid string, urls []string) (saveInput, error) {
	db.preparing.Add(1)
	defer db.preparing.Add(-1)
	in, err := prepareSave(a, feed, guid, urls, db.now)
	if err == nil {
		err = db.writeCapture(a, &in)
	}
	return in, err
}

// writeCapture compresses a's capture, if any, records its digest in a
// and in in's article, and writes it to the captures file, durably, unless
// the archive already has the article: a capture is written before the
// transaction that refers to it commits.
func (db *DB) writeCapture(a *Article, in *saveInput) error {
	if a.Capture == nil {
		return nil
	}
	p, err := db.pack(a.Capture)
	if err != nil {
		return err
	}
	defer db.codec.Release(&p)
	a.CaptureHash, in.article.CaptureHash = p.Hash, p.Hash
	known, err := db.known(*in)
	if err != nil || known {
		return err // a known article is only linked: its capture would be kept by nobody
	}
	in.capture, err = db.putCapture(p.Record)
	return err
}

// known reports whether the archive already has the article of in, as Save
// would find it.
func (db *DB) known(in saveInput) (bool, error) {
	var found bool
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		_, found, err = bucketsOf(tx).match(in)
		return err
	})
	return found, err
}

// putCapture appends a packed capture's record to the captures file and
// syncs it.
func (db *DB) putCapture(rec []byte) (*captures.Ref, error) {
	ref, err := db.captures.Append(rec)
	if err == nil {
		err = db.captures.Sync(ref.End())
	}
	if err != nil {
		return nil, err
	}
	return &ref, nil
}

// describe names an article in errors by its first known address.
func describe(a *Article, urls []string) string {
	for _, u := range append([]string{a.URL, a.CanonicalURL}, urls...) {
		if u != "" {
			return u
		}
	}
	return "without url"
}

// prepareSave checks a Save call, fills in a and returns the keys to index.
func prepareSave(a *Article, feed, guid string, urls []string, now func() time.Time) (saveInput, error) {
	if feed == "" {
		return saveInput{}, errors.New("no feed name")
	}
	normalized, err := normalizeAll(append([]string{a.CanonicalURL, a.URL}, urls...))
	if err != nil {
		return saveInput{}, err
	}
	canonical := ""
	switch {
	case len(normalized) > 0:
		canonical = normalized[0]
	case a.Source != SourceFeed:
		return saveInput{}, errors.New("no url")
	case guid == "" && strings.TrimSpace(a.Text) == "":
		return saveInput{}, errors.New("an article from a feed item with no link needs its GUID or a text")
	}
	fillArticle(a, feed, guid, canonical, now)
	hashKey, err := textKey(a)
	if err != nil {
		return saveInput{}, err
	}
	in := saveInput{article: *a, feed: feed, hashKey: hashKey, revisit: revisitOf(a)}
	in.article.Feeds = slices.Clone(a.Feeds)
	in.article.Capture = nil // stored apart, by packCapture
	in.sig = signatureOf(a.Text)
	if guid != "" {
		in.guidKey = guidKey(feed, guid)
	}
	for _, u := range normalized {
		in.urlKeys = append(in.urlKeys, urlKey(u))
	}
	return in, nil
}

// normalizeAll normalises the non-empty urls and drops repeats, keeping order.
func normalizeAll(urls []string) ([]string, error) {
	var out []string
	for _, raw := range urls {
		if raw == "" {
			continue
		}
		u, err := normalizeURL(raw)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// fillArticle sets the fields Save derives when the caller left them empty.
func fillArticle(a *Article, feed, guid, canonical string, now func() time.Time) {
	a.CanonicalURL = canonical
	if a.ContentHash == "" {
		a.ContentHash = contentHash(a.Text)
	}
	if a.GUID == "" {
		a.GUID = guid
	}
	if a.Fetched.IsZero() {
		a.Fetched = now()
	}
	if !slices.Contains(a.Feeds, feed) {
		a.Feeds = append(a.Feeds, feed)
	}
}

// textKey returns the index_hash key of a, or nil when a has no text.
func textKey(a *Article) ([]byte, error) {
	if strings.TrimSpace(a.Text) == "" {
		return nil, nil
	}
	return contentKey(a.ContentHash)
}

// save finds the article in matches or creates it. It only reads in, so
// bbolt may run it again when a batch is retried.
func (b buckets) save(in saveInput) (saveResult, error) {
	id, found, err := b.match(in)
	if err != nil {
		return saveResult{}, err
	}
	if found {
		return saveResult{id: id}, b.link(id, in.feed, in.guidKey, in.urlKeys)
	}
	id, err = b.create(in)
	return saveResult{id: id, created: true}, err
}

// match returns the article that one of in's URLs or its text belongs to.
func (b buckets) match(in saveInput) (uint64, bool, error) {
	for _, k := range in.urlKeys {
		if id, ok, err := lookup(b.urls, k); err != nil || ok {
			return id, ok, err
		}
	}
	return lookup(b.hashes, in.hashKey)
}

// create stores in's article under a new id, indexes it and counts it.
func (b buckets) create(in saveInput) (uint64, error) {
	id, err := b.articles.NextSequence()
	if err != nil {
		return 0, fmt.Errorf("next article id: %w", err)
	}
	rec := in.article
	rec.ID, rec.Revision = id, 1
	if rec.Cursor, err = b.nextCursor(id); err != nil {
		return 0, err
	}
	if err := b.cluster(&rec, in.sig); err != nil {
		return 0, fmt.Errorf("cluster article %d: %w", id, err)
	}
	if err := b.putArticle(&rec); err != nil {
		return 0, fmt.Errorf("store article %d: %w", id, err)
	}
	if err := b.index(id, in); err != nil {
		return 0, fmt.Errorf("index article %d: %w", id, err)
	}
	if err := b.keepCapture(id, in.capture); err != nil {
		return 0, err
	}
	if in.revisit != nil {
		r := *in.revisit
		r.Article = id
		if err := b.scheduleRevisit(r); err != nil {
			return 0, fmt.Errorf("schedule revisit of article %d: %w", id, err)
		}
	}
	if err := b.addCount(); err != nil {
		return 0, fmt.Errorf("count article %d: %w", id, err)
	}
	return id, b.creditFeed(in.feed)
}

// index maps every key of in to the new article id.
func (b buckets) index(id uint64, in saveInput) error {
	for _, k := range in.urlKeys {
		if err := putIfAbsent(b.urls, k, id); err != nil {
			return err
		}
	}
	if err := putIfAbsent(b.guids, in.guidKey, id); err != nil {
		return err
	}
	if err := putIfAbsent(b.hashes, in.hashKey, id); err != nil {
		return err
	}
	return b.indexSignature(id, in.sig)
}

// keepCapture records where the capture of article id is, if it has one.
func (b buckets) keepCapture(id uint64, ref *captures.Ref) error {
	if ref == nil {
		return nil
	}
	return b.putCaptureRef(id, *ref)
}

// creditFeed counts one more article first archived through feed name.
func (b buckets) creditFeed(name string) error {
	s, err := b.feedState(name)
	if err != nil {
		return fmt.Errorf("feed state %s: %w", name, err)
	}
	s.Articles++
	if err := b.putFeedState(s); err != nil {
		return fmt.Errorf("feed state %s: %w", name, err)
	}
	return nil
}
