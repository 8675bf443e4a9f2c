package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// putCaptureRef records that article id's capture is at ref, and moves the
// committed end of the captures file past it.
func (b buckets) putCaptureRef(id uint64, ref captures.Ref) error {
	if err := b.captureRefs.Put(idKey(id), ref.Bytes()); err != nil {
		return fmt.Errorf("store capture reference of article %d: %w", id, err)
	}
	if ref.End() <= capturesEnd(b) {
		return nil
	}
	if err := b.meta.Put([]byte(metaCapturesEnd), binary.BigEndian.AppendUint64(nil, uint64(ref.End()))); err != nil {
		return fmt.Errorf("store end of captures: %w", err)
	}
	return nil
}

// capturesEnd is the committed end of the captures file, 0 when no capture
// was written to it yet.
func capturesEnd(b buckets) int64 {
	v := b.meta.Get([]byte(metaCapturesEnd))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

// captureData returns the compressed capture of article id, read from
// the captures file or, for an archive written before it existed, from
// the captures bucket (copied out of the transaction); nil when there is
// none.
func (db *DB) captureData(b buckets, id uint64) ([]byte, error) {
	if v := b.captureRefs.Get(idKey(id)); v != nil {
		ref, err := captures.ParseRef(v)
		if err != nil {
			return nil, err
		}
		return db.captures.Read(ref)
	}
	if v := b.captures.Get(idKey(id)); v != nil {
		return append([]byte(nil), v...), nil
	}
	return nil, nil
}

// keepReplacedCapture keeps the reference to the page of cur, whose page
// a revision replaces, under cur's revision key: the page stays where it
// was in the captures file, and versionCapture finds it for that version. A
// page of schema 2 stays in the captures bucket, where versionCapture looks too.
func (b buckets) keepReplacedCapture(cur *Article) error {
	v := b.captureRefs.Get(idKey(cur.ID))
	if v == nil {
		return nil
	}
	if err := b.captureRefs.Put(revisionKey(cur.ID, cur.Revision), bytes.Clone(v)); err != nil {
		return fmt.Errorf("keep the page of revision %d: %w", cur.Revision, err)
	}
	return nil
}

// keptCaptures returns every page kept for article id, compressed: the
// current one first, then those of the revisions that replaced one.
func (db *DB) keptCaptures(b buckets, id uint64) ([][]byte, error) {
	var out [][]byte
	if v := b.captures.Get(idKey(id)); v != nil {
		out = append(out, bytes.Clone(v)) // schema 2's page
	}
	prefix := idKey(id)
	c := b.captureRefs.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		ref, err := captures.ParseRef(v)
		if err != nil {
			return nil, err
		}
		data, err := db.captures.Read(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

// versionCapture returns the page version v of an article (as Revisions
// returns it) was cleaned from: of the pages kept for the article, the one
// whose digest is v.CaptureHash. The error satisfies
// errors.Is(err, ErrNotFound) when none is, as for versions fetched before
// pages were kept, or whose page an archive of schema 2 replaced.
func (db *DB) versionCapture(v *Article) (*Capture, error) {
	c, err := db.captureOf(v)
	if err != nil {
		return nil, fmt.Errorf("read page of article %d revision %d: %w", v.ID, v.Revision, err)
	}
	return c, nil
}

// captureOf is versionCapture without the error's context.
func (db *DB) captureOf(v *Article) (*Capture, error) {
	if v.CaptureHash == "" {
		return nil, ErrNotFound
	}
	var kept [][]byte
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		kept, err = db.keptCaptures(bucketsOf(tx), v.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	for _, data := range kept {
		if c, sum, err := db.unpack(data); err == nil && sum == v.CaptureHash {
			return c, nil
		}
	}
	return nil, ErrNotFound
}
