package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// saveWithCaptures creates an archive at a new path holding n articles
// with captures, closes it and returns its path.
func saveWithCaptures(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "depeche.db")
	db, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for i := 1; i <= n; i++ {
		a := testArticle(i)
		a.Capture = testCapture(i)
		mustSave(t, db, a, "world", "")
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return path
}

// reopen opens the archive at path for the rest of the test.
func reopen(t *testing.T, path string, readOnly bool) *DB {
	t.Helper()
	db, err := Open(path, Options{Now: fixedNow, ReadOnly: readOnly})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// wantCapture checks that article id's capture reads back as testCapture(i).
func wantCapture(t *testing.T, db *DB, id uint64, i int) {
	t.Helper()
	c, err := db.Capture(id)
	if err != nil {
		t.Fatalf("Capture(%d): %v", id, err)
	}
	if !bytes.Equal(c.Body, testCapture(i).Body) || c.URL != testCapture(i).URL {
		t.Fatalf("Capture(%d) = %s with a %d-byte body, want testCapture(%d)", id, c.URL, len(c.Body), i)
	}
}

// appendTo appends b to the file at path.
func appendTo(t *testing.T, path string, b []byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Write(b)
	if err = errors.Join(err, f.Close()); err != nil {
		t.Fatal(err)
	}
}

// schema2Archive returns the path of an archive of one article with its
// page, as schema 2 kept it: in the captures bucket, no captures file.
func schema2Archive(t *testing.T) string {
	t.Helper()
	path := saveWithCaptures(t, 1)
	caps := CapturesPath(path)
	rawUpdate(t, path, func(tx *bbolt.Tx) error { return toSchema2(tx, caps) })
	if err := os.Remove(caps); err != nil {
		t.Fatal(err)
	}
	return path
}

// reviseWithNewPages makes revisions 2 and 3 of article id, each with a
// new text and the page testCapture(revision).
func reviseWithNewPages(t *testing.T, db *DB, id uint64) {
	t.Helper()
	for i := 2; i <= 3; i++ {
		next := testArticle(1)
		next.Text = fmt.Sprintf("The text as changed the %d time.", i)
		next.Capture = testCapture(i)
		if changed, err := db.Revise(id, next, "updated"); err != nil || !changed {
			t.Fatalf("Revise %d = %v, %v", i, changed, err)
		}
	}
}

// fileSize returns the size of the file at path.
func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// A process that dies after writing a capture and before committing its
// article leaves bytes past the committed end; the next writer cuts them
// off and carries on from there.
func TestCapturesFileCutsUncommittedTail(t *testing.T) {
	path := saveWithCaptures(t, 2)
	caps := CapturesPath(path)
	committed := fileSize(t, caps)
	appendTo(t, caps, bytes.Repeat([]byte{0xAB}, 5000))

	db := reopen(t, path, false)
	if got := fileSize(t, caps); got != committed {
		t.Fatalf("after a writer's Open the captures file is %d bytes, want the committed %d", got, committed)
	}
	a := testArticle(3)
	a.Capture = testCapture(3)
	id, _ := mustSave(t, db, a, "world", "")
	for i := 1; i <= 3; i++ {
		wantCapture(t, db, uint64(i), i)
	}
	if r, err := db.Check(false); err != nil || len(r.Problems) > 0 || r.Captures != 3 {
		t.Fatalf("Check = %+v, %v; want 3 captures and no problem", r, err)
	}
	if id != 3 {
		t.Fatalf("third article got id %d", id)
	}
}

// A reader never cuts the file: what lies past the end may be a writer's
// capture about to be committed.
func TestCapturesFileReaderLeavesTail(t *testing.T) {
	path := saveWithCaptures(t, 1)
	caps := CapturesPath(path)
	appendTo(t, caps, []byte("tail"))
	want := fileSize(t, caps)
	db := reopen(t, path, true)
	wantCapture(t, db, 1, 1)
	if got := fileSize(t, caps); got != want {
		t.Fatalf("a read-only Open changed the captures file from %d to %d bytes", want, got)
	}
}

func TestCapturesFileDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, caps string)
		want   string // in the problem about article 2
	}{
		{"bytes-flipped", func(t *testing.T, caps string) {
			b, err := os.ReadFile(caps)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) - 40; i < len(b)-20; i++ {
				b[i] ^= 0xFF
			}
			if err := os.WriteFile(caps, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, "article 2: capture"},
		{"cut-short", func(t *testing.T, caps string) {
			if err := os.Truncate(caps, fileSize(t, caps)-10); err != nil {
				t.Fatal(err)
			}
		}, "the file ends before it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := saveWithCaptures(t, 2)
			tt.damage(t, CapturesPath(path))
			db := reopen(t, path, true)
			wantCapture(t, db, 1, 1)
			r, err := db.Check(false)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			got := strings.Join(r.Problems, "\n")
			if len(r.Problems) != 1 || !strings.Contains(got, tt.want) {
				t.Fatalf("Check problems:\n%s\nwant one, with %q", got, tt.want)
			}
		})
	}
}

func TestCapturesFileMissing(t *testing.T) {
	path := saveWithCaptures(t, 1)
	if err := os.Remove(CapturesPath(path)); err != nil {
		t.Fatal(err)
	}
	db := reopen(t, path, true)
	if _, err := db.Article(1); err != nil {
		t.Fatalf("Article(1) without the captures file: %v", err)
	}
	_, err := db.Capture(1)
	if err == nil || !strings.Contains(err.Error(), CapturesPath(path)+" is missing") {
		t.Fatalf("Capture(1) without the captures file: %v, want it to say the file is missing", err)
	}
}

// A writer does not start a new captures file in place of a lost one; an
// empty file, created on purpose, lets it go on without the old pages,
// which check then names.
func TestCapturesFileMissingStopsWriter(t *testing.T) {
	path := saveWithCaptures(t, 1)
	caps := CapturesPath(path)
	if err := os.Remove(caps); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	if !errors.Is(err, captures.ErrMissing) || !strings.Contains(err.Error(), caps) || !strings.Contains(err.Error(), "create it empty") {
		t.Fatalf("writable Open without the captures file: %v, want captures.ErrMissing naming %s and the way on", err, caps)
	}
	if _, err := os.Stat(caps); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("the refused Open created %s: %v", caps, err)
	}
	if err := os.WriteFile(caps, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db := reopen(t, path, false)
	a := testArticle(2)
	a.Capture = testCapture(2)
	mustSave(t, db, a, "world", "")
	wantCapture(t, db, 2, 2)
	r, err := db.Check(false)
	if err != nil || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "article 1: capture") {
		t.Fatalf("Check = %q, %v; want one problem, about article 1's capture", r.Problems, err)
	}
}

func TestCapturesFileOfAnotherKindRefused(t *testing.T) {
	path := saveWithCaptures(t, 1)
	if err := os.WriteFile(CapturesPath(path), []byte("something else entirely"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, readOnly := range []bool{false, true} {
		db, err := Open(path, Options{ReadOnly: readOnly})
		if err == nil {
			db.Close()
			t.Fatalf("Open(read-only %v) over a foreign captures file: no error", readOnly)
		}
		if !strings.Contains(err.Error(), "does not begin as a depeche captures file") {
			t.Errorf("Open(read-only %v): %v", readOnly, err)
		}
	}
}

// An article Save finds already archived is only linked: its capture is
// not written, so the file does not grow.
func TestDuplicateCaptureNotWritten(t *testing.T) {
	path := saveWithCaptures(t, 1)
	before := fileSize(t, CapturesPath(path))
	db := reopen(t, path, false)
	a := testArticle(1) // the same text under another URL
	a.URL = "https://mirror.example/1"
	a.Capture = testCapture(1)
	if id, created := mustSave(t, db, a, "other", ""); created || id != 1 {
		t.Fatalf("Save of the same text = %d, %v; want article 1 linked", id, created)
	}
	if got := fileSize(t, CapturesPath(path)); got != before {
		t.Fatalf("captures file grew from %d to %d bytes for a duplicate", before, got)
	}
}

// An archive of schema 2 kept captures in its captures bucket; upgraded,
// it still reads them, and new captures go to the file.
func TestSchema2CapturesStillRead(t *testing.T) {
	path := schema2Archive(t)
	db := reopen(t, path, false)
	wantCapture(t, db, 1, 1)
	a := testArticle(2)
	a.Capture = testCapture(2)
	mustSave(t, db, a, "world", "")
	wantCapture(t, db, 2, 2)
	if r, err := db.Check(false); err != nil || len(r.Problems) > 0 || r.Captures != 2 {
		t.Fatalf("Check = %+v, %v; want 2 captures and no problem", r, err)
	}
}

// toSchema2 turns a schema 3 archive into what schema 2 wrote: captures in
// their bucket, no references, version 2.
func toSchema2(tx *bbolt.Tx, caps string) error {
	b := bucketsOf(tx)
	file, err := os.ReadFile(caps)
	if err != nil {
		return err
	}
	err = b.captureRefs.ForEach(func(k, v []byte) error {
		ref, err := captures.ParseRef(v)
		if err != nil {
			return err
		}
		return b.captures.Put(k, file[ref.End()-int64(ref.Length):ref.End()])
	})
	if err == nil {
		err = tx.DeleteBucket([]byte(bucketCapRefs))
	}
	if err == nil {
		err = b.meta.Delete([]byte(metaCapturesEnd))
	}
	if err != nil {
		return err
	}
	return b.meta.Put([]byte(metaSchema), binary.BigEndian.AppendUint32(nil, 2))
}

// Captures of every size read back as saved, each after the next was
// packed in the buffers the last one gave back.
func TestCapturesOfAllSizesReadBack(t *testing.T) {
	db, _ := openTemp(t)
	sizes := []int{0, 1, 100, 64 << 10, 1 << 20, 3 << 20} // the last is not pooled
	for i, n := range sizes {
		a := testArticle(i + 1)
		a.Capture = testCapture(i + 1)
		a.Capture.Body = bytes.Repeat([]byte{byte('a' + i)}, n)
		mustSave(t, db, a, "world", "")
	}
	for i, n := range sizes {
		c, err := db.Capture(uint64(i + 1))
		if err != nil {
			t.Fatalf("Capture(%d): %v", i+1, err)
		}
		if !bytes.Equal(c.Body, bytes.Repeat([]byte{byte('a' + i)}, n)) {
			t.Errorf("Capture(%d): a %d-byte body, want the %d bytes saved", i+1, len(c.Body), n)
		}
	}
	if r, err := db.Check(false); err != nil || len(r.Problems) > 0 || r.Captures != len(sizes) {
		t.Fatalf("Check = %+v, %v", r, err)
	}
}

// A revision that brings a new page keeps the page it replaces: every
// version's page reads back, and check verifies them all.
func TestRevisionKeepsReplacedPage(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	a.Capture = testCapture(1)
	id, _ := mustSave(t, db, a, "world", "")
	reviseWithNewPages(t, db, id)
	versions, err := db.Revisions(id)
	if err != nil || len(versions) != 3 {
		t.Fatalf("Revisions = %d, %v; want 3", len(versions), err)
	}
	for i, v := range versions {
		c, err := db.versionCapture(v)
		if err != nil {
			t.Fatalf("versionCapture(revision %d): %v", v.Revision, err)
		}
		if c.URL != testCapture(i+1).URL || !bytes.Equal(c.Body, testCapture(i+1).Body) {
			t.Fatalf("versionCapture(revision %d) is not the page it was cleaned from", v.Revision)
		}
	}
	if r, err := db.Check(false); err != nil || len(r.Problems) > 0 || r.Captures != 3 {
		t.Fatalf("Check = %+v, %v; want 3 pages and no problem", r, err)
	}
}

// A page of schema 2, in the captures bucket, is still found for its
// version once a revision brings a new page; a damaged kept page is named
// by check with its revision.
func TestRevisionOfSchema2PageAndDamage(t *testing.T) {
	path := schema2Archive(t)
	db := reopen(t, path, false)
	reviseWithNewPages(t, db, 1)
	versions, err := db.Revisions(1)
	if err != nil || len(versions) != 3 {
		t.Fatalf("Revisions = %d, %v", len(versions), err)
	}
	for i, v := range versions {
		if c, err := db.versionCapture(v); err != nil || c.URL != testCapture(i+1).URL {
			t.Fatalf("versionCapture(revision %d) = %v, %v; want the page of testCapture(%d)", v.Revision, c, err, i+1)
		}
	}
	corrupt(t, db, func(b buckets) error {
		return b.captureRefs.Put(revisionKey(1, 2), captures.Ref{Offset: 0, Length: 10}.Bytes())
	})
	r, err := db.Check(false)
	if err != nil || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "article 1 revision 2: page") {
		t.Fatalf("Check = %q, %v; want one problem, about revision 2's page", r.Problems, err)
	}
}

// A feed that bumps an article's date without changing it makes the
// crawler fetch it again; that page is not written, since no version
// would refer to it.
func TestUnchangedRevisionWritesNoPage(t *testing.T) {
	path := saveWithCaptures(t, 1)
	before := fileSize(t, CapturesPath(path))
	db := reopen(t, path, false)
	same := testArticle(1)
	same.Capture = testCapture(1)
	same.Capture.Header.Set("Date", "Sun, 29 Nov 2026 08:00:00 GMT")
	if changed, err := db.Revise(1, same, "updated in feed world"); err != nil || changed {
		t.Fatalf("Revise with the same content = %v, %v; want unchanged", changed, err)
	}
	if got := fileSize(t, CapturesPath(path)); got != before {
		t.Fatalf("captures file grew from %d to %d bytes for an unchanged revision", before, got)
	}
}

// A read-only Open of a schema 2 archive refuses it, saying how to
// upgrade it; with Upgrade, it upgrades it first and reads it.
func TestReadOnlyOpenUpgrades(t *testing.T) {
	path := schema2Archive(t)
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, errOldSchema) || !strings.Contains(err.Error(), "check -repair") {
		t.Fatalf("read-only Open of a schema 2 archive: %v, want errOldSchema saying how to upgrade", err)
	}
	db := reopenUpgrading(t, path)
	wantCapture(t, db, 1, 1)
	if r, err := db.Check(false); err != nil || len(r.Problems) > 0 {
		t.Fatalf("Check after the upgrade = %+v, %v", r, err)
	}
}

// reopenUpgrading opens the archive at path read-only, upgrading it.
func reopenUpgrading(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{ReadOnly: true, Upgrade: true})
	if err != nil {
		t.Fatalf("Open(read-only, upgrade): %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Check sizes up the captures file: a page written by a save that lost a
// race is committed but referenced by nothing; a page a stopped process
// wrote lies past the committed end.
func TestCheckSizesUpCapturesFile(t *testing.T) {
	db, path := openTemp(t)
	a := testArticle(1)
	a.Capture = testCapture(1)
	mustSave(t, db, a, "world", "")
	p, err := db.pack(testCapture(2)) // as a save that then found its article saved
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := db.putCapture(p.Record)
	if err != nil {
		t.Fatal(err)
	}
	b := testArticle(3)
	b.Capture = testCapture(3)
	mustSave(t, db, b, "world", "") // commits past the orphan
	end := fileSize(t, CapturesPath(path))
	appendTo(t, CapturesPath(path), make([]byte, 100))
	r, err := db.Check(false)
	if err != nil || len(r.Problems) > 0 {
		t.Fatalf("Check = %+v, %v", r, err)
	}
	want := CapturesFile{Committed: end, Unreferenced: orphan.End() - orphan.Offset, Uncommitted: 100}
	if r.CapturesFile != want {
		t.Fatalf("Check sized the captures file as %+v, want %+v", r.CapturesFile, want)
	}
}
