package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// CheckReport is what Check found and, with repair, mended.
type CheckReport struct {
	Articles     int      // articles read
	Captures     int      // captures verified against their hash
	Problems     []string // one line per problem, in the order found
	Repaired     int      // problems mended by repair
	CapturesFile CapturesFile
}

// CapturesFile sizes up the captures file: how much of it the archive
// committed, how much of that no page refers to (a page written by a save
// that found, at commit, an article saved meanwhile), and what lies past
// the committed end (pages a stopped process wrote but never committed,
// which the next writer cuts off).
type CapturesFile struct {
	Committed, Unreferenced, Uncommitted int64 // bytes
}

// fix is one repair: an index entry to write, or to delete when val is nil.
type fix struct {
	bucket   string
	key, val []byte
}

// Check verifies the archive: every article decodes and its text matches
// its content hash, its URLs, GUID, text and cursor are indexed, its
// capture matches the hash it recorded, every index entry points to an
// existing article, and the article count is right. With repair, it writes
// the missing index entries, deletes those pointing nowhere (or, for
// cursors, to an article that moved on) and corrects the count; a record
// that does not decode or a capture that does not match cannot be rebuilt
// and stays a problem. It reads in chunks, like Export, and repairs each
// chunk in its own write transaction, outside any cursor walk.
func (db *DB) Check(repair bool) (CheckReport, error) {
	var r CheckReport
	steps := []func(*CheckReport, bool) error{db.checkArticles, db.checkIndexes, db.checkCount, db.checkCapturesFile}
	for _, step := range steps {
		if err := step(&r, repair); err != nil {
			return r, fmt.Errorf("check archive %s: %w", db.path, err)
		}
	}
	return r, nil
}

// checkArticles checks each article and what it should have in the indexes.
func (db *DB) checkArticles(r *CheckReport, repair bool) error {
	return db.scan(bucketArticles, repair, r, func(b buckets, k, v []byte) []fix {
		r.Articles++
		a, err := decodeStored(k, v)
		if err != nil {
			r.Problems = append(r.Problems, err.Error())
			return nil
		}
		return db.checkArticle(b, a, r)
	})
}

// checkArticle returns the index entries article a lacks, noting them and
// any other problem of a in r.
func (db *DB) checkArticle(b buckets, a *Article, r *CheckReport) []fix {
	var fixes []fix
	want := func(bucket string, index *bbolt.Bucket, key []byte, what string) {
		if key != nil && index.Get(key) == nil {
			r.Problems = append(r.Problems, fmt.Sprintf("article %d: %s is not indexed", a.ID, what))
			fixes = append(fixes, fix{bucket, key, idKey(a.ID)})
		}
	}
	for _, u := range []string{a.CanonicalURL, a.URL} {
		if n, err := normalizeURL(u); err == nil {
			want(bucketURLs, b.urls, urlKey(n), "url "+u)
		}
	}
	if a.GUID != "" && len(a.Feeds) > 0 {
		want(bucketGUIDs, b.guids, guidKey(a.Feeds[0], a.GUID), "guid "+a.GUID)
	}
	if a.ContentHash != contentHash(a.Text) {
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: content hash %s does not match its text", a.ID, a.ContentHash))
	} else if key, err := textKey(a); err == nil {
		want(bucketHashes, b.hashes, key, "its text")
	}
	if c := b.cursors.Get(idKey(a.Cursor)); a.Cursor == 0 || !bytes.Equal(c, idKey(a.ID)) {
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: cursor %d is not indexed to it", a.ID, a.Cursor))
		if a.Cursor != 0 {
			fixes = append(fixes, fix{bucketCursors, idKey(a.Cursor), idKey(a.ID)})
		}
	}
	db.checkCapture(b, a, r)
	db.checkReplacedCaptures(b, a.ID, r)
	return fixes
}

// checkCapture verifies the capture of a against the hash a recorded.
func (db *DB) checkCapture(b buckets, a *Article, r *CheckReport) {
	if a.CaptureHash == "" {
		return
	}
	data, err := db.captureData(b, a.ID)
	if err != nil {
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: capture: %v", a.ID, err))
		return
	}
	if data == nil {
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: its capture is missing", a.ID))
		return
	}
	r.Captures++
	_, sum, err := db.unpack(data)
	switch {
	case err != nil:
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: capture: %v", a.ID, err))
	case sum != a.CaptureHash:
		r.Problems = append(r.Problems, fmt.Sprintf("article %d: capture hash %s, recorded %s", a.ID, sum, a.CaptureHash))
	}
}

// checkReplacedCaptures verifies the pages kept for the revisions of
// article id whose page a later version replaced, each against the hash
// its revision recorded.
func (db *DB) checkReplacedCaptures(b buckets, id uint64, r *CheckReport) {
	prefix := idKey(id)
	c := b.captureRefs.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) == len(prefix) {
			continue // the current page, checked with the article
		}
		rev := binary.BigEndian.Uint32(k[len(prefix):])
		if problem := db.replacedCaptureProblem(b, k, v); problem != "" {
			r.Problems = append(r.Problems, fmt.Sprintf("article %d revision %d: page: %s", id, rev, problem))
			continue
		}
		r.Captures++
	}
}

// replacedCaptureProblem checks the page at ref value v, kept under
// revision key k, against that revision's CaptureHash; "" when it matches.
func (db *DB) replacedCaptureProblem(b buckets, k, v []byte) string {
	raw := b.revisions.Get(k)
	if raw == nil {
		return "no such revision"
	}
	rev, err := decodeArticle(binary.BigEndian.Uint64(k), raw)
	if err != nil {
		return err.Error()
	}
	ref, err := captures.ParseRef(v)
	if err != nil {
		return err.Error()
	}
	data, err := db.captures.Read(ref)
	if err != nil {
		return err.Error()
	}
	_, sum, err := db.unpack(data)
	switch {
	case err != nil:
		return err.Error()
	case sum != rev.CaptureHash:
		return fmt.Sprintf("hash %s, recorded %s", sum, rev.CaptureHash)
	}
	return ""
}

// checkIndexes deletes, with repair, index entries that point to no article.
func (db *DB) checkIndexes(r *CheckReport, repair bool) error {
	for _, name := range []string{bucketURLs, bucketGUIDs, bucketHashes, bucketCursors} {
		err := db.scan(name, repair, r, func(b buckets, k, v []byte) []fix {
			return checkEntry(b, name, k, v, r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// checkEntry checks one index entry.
func checkEntry(b buckets, name string, k, v []byte, r *CheckReport) []fix {
	id, err := keyID(v)
	var a *Article
	if err == nil {
		a, err = b.article(id)
	}
	if err == nil && name == bucketCursors && a.Cursor != binary.BigEndian.Uint64(k) {
		err = fmt.Errorf("article %d is at cursor %d", id, a.Cursor)
	}
	if err == nil {
		return nil
	}
	r.Problems = append(r.Problems, fmt.Sprintf("%s entry %x: %v", name, k, err))
	return []fix{{bucket: name, key: bytes.Clone(k)}}
}

// checkCount compares the stored article count with the articles read.
func (db *DB) checkCount(r *CheckReport, repair bool) error {
	n, err := db.Count()
	if err != nil || n == r.Articles {
		return err
	}
	r.Problems = append(r.Problems, fmt.Sprintf("the archive counts %d articles, it holds %d", n, r.Articles))
	if !repair {
		return nil
	}
	r.Repaired++
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		return bucketsOf(tx).meta.Put([]byte(metaCount), binary.BigEndian.AppendUint64(nil, uint64(r.Articles)))
	})
}

// scan walks bucket name eachChunk keys per read transaction, calling fn
// on each entry, and with repair applies the fixes of each chunk in a write
// transaction before reading the next.
func (db *DB) scan(name string, repair bool, r *CheckReport, fn func(b buckets, k, v []byte) []fix) error {
	var from []byte
	for {
		var fixes []fix
		var next []byte
		err := db.bolt.View(func(tx *bbolt.Tx) error {
			b := bucketsOf(tx)
			c := tx.Bucket([]byte(name)).Cursor()
			k, v := c.First()
			if from != nil {
				k, v = c.Seek(from)
			}
			for n := 0; k != nil; k, v = c.Next() {
				if n++; n > eachChunk {
					next = bytes.Clone(k)
					return nil
				}
				fixes = append(fixes, fn(b, k, v)...)
			}
			return nil
		})
		db.releaseMapped() // a whole chunk read: its pages are done with
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if err := db.apply(fixes, repair, r); err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		from = next
	}
}

// apply writes fixes when repairing.
func (db *DB) apply(fixes []fix, repair bool, r *CheckReport) error {
	if !repair || len(fixes) == 0 {
		return nil
	}
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		for _, f := range fixes {
			b := tx.Bucket([]byte(f.bucket))
			var err error
			if f.val == nil {
				err = b.Delete(f.key)
			} else {
				err = b.Put(f.key, f.val)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("repair: %w", err)
	}
	r.Repaired += len(fixes)
	return nil
}
