package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
	"github.com/depeche-archiver/depeche/store/minhash"
)

// reviseInput is one Revise call, prepared outside the transaction.
type reviseInput struct {
	id      uint64
	next    Article // the new content; identity fields are taken from the stored one
	reason  string
	capture *captures.Ref      // where the new capture was written; nil keeps the stored one
	sig     *minhash.Signature // MinHash of the new text
}

// Revise replaces the content of archived article id with a's, when it
// differs, keeping the version it replaces as a revision. The content is
// Title, Lead, Author, Published, Language, Section, Tags, Images, Text and
// Source (with Page: an article from the feed becomes one from its page);
// identity (URL, CanonicalURL, Feeds, GUID, Fetched) stays as stored. When
// the content changed, the new version gets the next revision number, the
// clock's time as Revised, reason, the export names of the fields that
// changed, a new export cursor and, when a.Capture is set, that capture;
// Revise returns changed true. When nothing changed, only Extractor,
// Cleaner and Rules are updated in place (so that a re-clean that changes
// nothing is not tried again) and changed is false.
func (db *DB) Revise(id uint64, a *Article, reason string) (changed bool, err error) {
	in := reviseInput{id: id, next: *a, reason: reason, sig: signatureOf(a.Text)}
	in.next.Capture, in.next.ContentHash = nil, contentHash(a.Text)
	if err := db.writeRevisedCapture(a.Capture, &in); err != nil {
		return false, fmt.Errorf("revise article %d: %w", id, err)
	}
	now := db.now() // taken once, so that a retried batch writes the same
	err = db.write(func(tx *bbolt.Tx) error {
		var err error
		changed, err = bucketsOf(tx).revise(in, now)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("revise article %d: %w", id, err)
	}
	db.touched()
	return changed, nil
}

// writeRevisedCapture writes the new page of a revision, if any, and
// records it in in; not when the content is unchanged, as a feed that
// bumps its dates makes it: Revise would keep that page nowhere.
func (db *DB) writeRevisedCapture(c *Capture, in *reviseInput) error {
	if c == nil {
		return nil
	}
	changes, err := db.changes(in.id, &in.next)
	if err != nil || !changes {
		return err
	}
	p, err := db.pack(c)
	if err != nil {
		return err
	}
	defer db.codec.Release(&p)
	in.next.CaptureHash = p.Hash
	in.capture, err = db.putCapture(p.Record)
	return err
}

// changes reports whether next differs in content from the stored
// article id.
func (db *DB) changes(id uint64, next *Article) (bool, error) {
	var changed bool
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		cur, err := bucketsOf(tx).article(id)
		if err == nil {
			changed = len(changedFields(cur, next)) > 0
		}
		return err
	})
	return changed, err
}

// revise runs one Revise in a write transaction. It only reads in.
func (b buckets) revise(in reviseInput, now time.Time) (bool, error) {
	cur, err := b.article(in.id)
	if err != nil {
		return false, err
	}
	changed := changedFields(cur, &in.next)
	if len(changed) == 0 {
		cur.Extractor, cur.Cleaner, cur.Rules = in.next.Extractor, in.next.Cleaner, in.next.Rules
		return false, b.putArticle(cur)
	}
	if err := b.putRevision(cur); err != nil {
		return false, err
	}
	next := revised(cur, &in.next, now, in.reason, changed)
	if err := b.moveCursor(next); err != nil {
		return false, err
	}
	if err := b.reindexText(next, in.sig); err != nil {
		return false, err
	}
	if in.capture != nil {
		if err := b.keepReplacedCapture(cur); err != nil {
			return false, err
		}
	}
	if err := b.keepCapture(next.ID, in.capture); err != nil {
		return false, err
	}
	return true, b.putArticle(next)
}

// revised is the version that follows cur with the content of next.
func revised(cur, next *Article, now time.Time, reason string, changed []string) *Article {
	v := *cur
	v.Title, v.Lead, v.Author, v.Published = next.Title, next.Lead, next.Author, next.Published
	v.Language, v.Section, v.Tags, v.Images = next.Language, next.Section, next.Tags, next.Images
	v.Text, v.ContentHash = next.Text, next.ContentHash
	v.Extractor, v.Cleaner, v.Rules = next.Extractor, next.Cleaner, next.Rules
	v.Source, v.Page = next.Source, next.Page // an article from the feed whose page came
	v.Withdrawn, v.WithdrawnStatus = next.Withdrawn, next.WithdrawnStatus
	if next.Enclosures != nil {
		v.Enclosures = next.Enclosures
	}
	if next.CaptureHash != "" {
		v.CaptureHash = next.CaptureHash
	}
	v.Revision, v.Reason, v.Changed = cur.Revision+1, reason, changed
	v.Revised = now
	return &v
}

// reindexText indexes the new text of a: its content hash (the old one
// keeps pointing here, so the old text still finds this article) and its
// MinHash signature, which replaces the old one.
func (b buckets) reindexText(a *Article, sig *minhash.Signature) error {
	key, err := textKey(a)
	if err != nil {
		return err
	}
	if err := putIfAbsent(b.hashes, key, a.ID); err != nil {
		return fmt.Errorf("index content hash of article %d: %w", a.ID, err)
	}
	if err := b.unindexSignature(a.ID); err != nil {
		return err
	}
	return b.indexSignature(a.ID, sig)
}

// revisionKey is the key of revision n of article id: id, then n, both
// big-endian, so an article's revisions sort together and in order.
func revisionKey(id uint64, n int) []byte {
	return binary.BigEndian.AppendUint32(idKey(id), uint32(n))
}

// putRevision keeps a, the version being replaced, as a revision.
func (b buckets) putRevision(a *Article) error {
	raw, err := encodeArticle(a)
	if err != nil {
		return fmt.Errorf("revision %d: %w", a.Revision, err)
	}
	if err := b.revisions.Put(revisionKey(a.ID, a.Revision), raw); err != nil {
		return fmt.Errorf("revision %d: %w", a.Revision, err)
	}
	return nil
}

// Revisions returns every version of article id, oldest first; the last is
// the current one, as Article returns it.
func (db *DB) Revisions(id uint64) ([]*Article, error) {
	var out []*Article
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		out, err = bucketsOf(tx).versions(id, 0)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read revisions of article %d: %w", id, err)
	}
	return out, nil
}

// versions returns the versions of article id whose cursor is after
// cursor, oldest first, the current one last.
func (b buckets) versions(id, after uint64) ([]*Article, error) {
	cur, err := b.article(id)
	if err != nil {
		return nil, err
	}
	var out []*Article
	prefix := idKey(id)
	c := b.revisions.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		a, err := decodeArticle(id, v)
		if err != nil {
			return nil, fmt.Errorf("revision %x: %w", k[8:], err)
		}
		if a.Cursor > after {
			out = append(out, a)
		}
	}
	if cur.Cursor > after {
		out = append(out, cur)
	}
	return out, nil
}

// changedFields names, as the export does, the content fields that differ
// between a and b; texts are compared with their white space normalised.
func changedFields(a, b *Article) []string {
	out := ArticleChanges(a, b)
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("language", a.Language != b.Language)
	add("section", a.Section != b.Section)
	add("tags", !slices.Equal(a.Tags, b.Tags))
	add("images", !slices.Equal(a.Images, b.Images))
	add("source", cmpOr(a.Source, SourcePage) != cmpOr(b.Source, SourcePage))
	add("withdrawn", a.Withdrawn.IsZero() != b.Withdrawn.IsZero())
	return out
}

// ArticleChanges names the fields that make b another article than a,
// as a reader sees it: the text, title, lead, author or published time,
// the texts compared with their white space normalised. Whatever else a
// page changes (its images, tags, a counter or a box of related articles
// that the cleaner kept) is not a change of the article.
func ArticleChanges(a, b *Article) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("title", !sameText(a.Title, b.Title))
	add("lead", !sameText(a.Lead, b.Lead))
	add("author", !sameText(a.Author, b.Author))
	add("published", !a.Published.Equal(b.Published))
	add("text", !sameText(a.Text, b.Text))
	return out
}

// sameText reports whether a and b hold the same words with the same
// punctuation, whatever white space is between them.
func sameText(a, b string) bool {
	if a == b {
		return true
	}
	for {
		a, b = strings.TrimLeftFunc(a, unicode.IsSpace), strings.TrimLeftFunc(b, unicode.IsSpace)
		if a == "" || b == "" {
			return a == b
		}
		i := strings.IndexFunc(a, unicode.IsSpace)
		j := strings.IndexFunc(b, unicode.IsSpace)
		if i < 0 {
			i = len(a)
		}
		if j < 0 {
			j = len(b)
		}
		if a[:i] != b[:j] {
			return false
		}
		a, b = a[i:], b[j:]
	}
}
