package store

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.etcd.io/bbolt"
)

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "depeche.db")
	db, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	id, _ := mustSave(t, db, testArticle(1), "world", "g1")
	if err := db.PutFeedState(FeedState{Name: "world", ETag: "e1"}); err != nil {
		t.Fatalf("PutFeedState: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	for _, ro := range []bool{false, true} {
		db, err := Open(path, Options{ReadOnly: ro})
		if err != nil {
			t.Fatalf("reopen (read-only %v): %v", ro, err)
		}
		checkCount(t, db, 1)
		checkSeen(t, db, "world", "g1", "", id)
		checkSeen(t, db, "world", "", "https://news.example/1/story", id)
		if s, err := db.FeedState("world"); err != nil || s.ETag != "e1" || s.Articles != 1 {
			t.Errorf("FeedState after reopen = %+v, %v", s, err)
		}
		if a, err := db.Article(id); err != nil || a.Title != "Story 1" {
			t.Errorf("Article after reopen = %+v, %v", a, err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

func TestArticleNotFound(t *testing.T) {
	db, _ := openTemp(t)
	if _, err := db.Article(42); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Article(42): error %v, want ErrNotFound", err)
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	_, path := openTempClosed(t)
	db, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	defer db.Close()
	if _, _, err := db.Save(testArticle(1), "world", ""); err == nil {
		t.Fatal("Save on a read-only archive: no error")
	}
}

func TestOpenRefuses(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, path string)
		readOnly bool
		wantIs   error
		wantText string
	}{
		{"read-only-missing-file", func(*testing.T, string) {}, true, errNoArchive, "no archive at this path"},
		{"newer-schema", writeSchema(schemaVersion + 1), false, errNewerSchema, "this build reads up to"},
		{"newer-schema-read-only", writeSchema(schemaVersion + 1), true, errNewerSchema, "upgrade depeche"},
		{"other-bbolt-file", writeBucket("sessions"), false, errNotArchive, "holds other data"},
		{"other-bbolt-file-read-only", writeBucket("sessions"), true, errNotArchive, "no schema version"},
		{"not-bbolt", writeFile("hello, not a database, but long enough to look like one?"), false, nil, "open archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "depeche.db")
			tt.setup(t, path)
			db, err := Open(path, Options{ReadOnly: tt.readOnly})
			if err == nil {
				db.Close()
				t.Fatal("Open: no error")
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("Open: error %v, want errors.Is %v", err, tt.wantIs)
			}
			if !strings.Contains(err.Error(), tt.wantText) || !strings.Contains(err.Error(), path) {
				t.Errorf("Open: error %q, want it to name %s and say %q", err, path, tt.wantText)
			}
		})
	}
}

func TestReadOnlyMissingFileIsNotCreated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "depeche.db")
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Fatal("Open: no error")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after a read-only Open, Stat(%s) = %v, want not exist", path, err)
	}
}

// openTempClosed creates an archive with its buckets and closes it.
func openTempClosed(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "depeche.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return db, path
}

// writeSchema returns a setup that creates an archive claiming version v.
func writeSchema(v uint32) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		rawUpdate(t, path, func(tx *bbolt.Tx) error {
			meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
			if err != nil {
				return err
			}
			return meta.Put([]byte(metaSchema), binary.BigEndian.AppendUint32(nil, v))
		})
	}
}

// writeBucket returns a setup that creates a bbolt file of another program.
func writeBucket(name string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		rawUpdate(t, path, func(tx *bbolt.Tx) error {
			_, err := tx.CreateBucket([]byte(name))
			return err
		})
	}
}

// writeFile returns a setup that writes content to the archive's path.
func writeFile(content string) func(*testing.T, string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, []byte(strings.Repeat(content, 200)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// rawUpdate runs fn on the bbolt file at path, bypassing Open.
func rawUpdate(t *testing.T, path string, fn func(*bbolt.Tx) error) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWritesWaitOnlyForEachOther: in a bubble, where the clock moves only
// when every goroutine waits, a write alone commits without waiting for
// the batch delay, and saves that overlap wait for each other no longer
// than one batch delay in all.
func TestWritesWaitOnlyForEachOther(t *testing.T) {
	t.Run("alone-at-once", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			db, _ := openTemp(t)
			start := time.Now()
			if err := db.PutFeedState(FeedState{Name: "world", URL: "https://news.example/rss"}); err != nil {
				t.Fatal(err)
			}
			mustSave(t, db, testArticle(1), "world", "")
			if took := time.Since(start); took != 0 {
				t.Errorf("two writes one after the other took %v, want no wait", took)
			}
		})
	})
	t.Run("overlapping-within-one-delay", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			db, _ := openTemp(t)
			const saves = 20
			start := time.Now()
			var wg sync.WaitGroup
			for i := range saves {
				wg.Go(func() {
					if _, _, err := db.Save(testArticle(i), "world", ""); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if took := time.Since(start); took > batchDelay {
				t.Errorf("%d overlapping saves took %v, want at most one batch delay (%v)", saves, took, batchDelay)
			}
			if n, err := db.Count(); err != nil || n != saves {
				t.Errorf("Count = %d, %v; want %d", n, err, saves)
			}
		})
	})
}
