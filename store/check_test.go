package store

import (
	"encoding/binary"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// corrupt runs fn in a write transaction on db's file, as a bug or a
// damaged disk might.
func corrupt(t *testing.T, db *DB, fn func(b buckets) error) {
	t.Helper()
	if err := db.bolt.Update(func(tx *bbolt.Tx) error { return fn(bucketsOf(tx)) }); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name       string
		damage     func(b buckets) error
		want       string // in a problem
		repairable bool
	}{
		{"healthy", func(buckets) error { return nil }, "", true},
		{"url-index-entry-lost", func(b buckets) error {
			u, _ := normalizeURL(testArticle(1).URL)
			return b.urls.Delete(urlKey(u))
		}, "is not indexed", true},
		{"guid-entry-points-nowhere", func(b buckets) error {
			return b.guids.Put(guidKey("world", "ghost"), idKey(99))
		}, "index_guid entry", true},
		{"cursor-entry-lost", func(b buckets) error { return b.cursors.Delete(idKey(2)) }, "cursor 2 is not indexed", true},
		{"count-wrong", func(b buckets) error {
			return b.meta.Put([]byte(metaCount), binary.BigEndian.AppendUint64(nil, 7))
		}, "counts 7 articles", true},
		{"capture-reference-wrong", func(b buckets) error {
			return b.captureRefs.Put(idKey(1), captures.Ref{Offset: 0, Length: 10}.Bytes())
		}, "article 1: capture: read capture at 0", false},
		{"legacy-capture-damaged", func(b buckets) error {
			if err := b.captureRefs.Delete(idKey(1)); err != nil {
				return err
			}
			return b.captures.Put(idKey(1), []byte("not zstd"))
		}, "article 1: capture", false},
		{"record-undecodable", func(b buckets) error { return b.articles.Put(idKey(3), []byte("{")) }, "article 3", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			for i := 1; i <= 3; i++ {
				a := testArticle(i)
				a.Capture = testCapture(i)
				mustSave(t, db, a, "world", "g"+string(rune('0'+i)))
			}
			corrupt(t, db, tt.damage)
			r, err := db.Check(false)
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if got := strings.Join(r.Problems, "\n"); (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("problems:\n%s\nwant one with %q", got, tt.want)
			}
			if _, err := db.Check(true); err != nil {
				t.Fatalf("Check(repair): %v", err)
			}
			after, err := db.Check(false)
			if err != nil {
				t.Fatal(err)
			}
			if tt.repairable && len(after.Problems) > 0 {
				t.Errorf("after repair: %q, want none", after.Problems)
			}
			if !tt.repairable && len(after.Problems) == 0 {
				t.Error("after repair no problem is left, want the one that cannot be rebuilt")
			}
		})
	}
}
