package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"
)

func TestCheckWritable(t *testing.T) {
	tests := []struct {
		name string
		open func(t *testing.T) *DB
		want error // nil: writable
	}{
		{"open-for-writing", func(t *testing.T) *DB {
			db, _ := openTemp(t)
			return db
		}, nil},
		{"opened-read-only", func(t *testing.T) *DB {
			path := filepath.Join(t.TempDir(), "depeche.db")
			closeOrFail(t, mustOpen(t, path, Options{}))
			db := mustOpen(t, path, Options{ReadOnly: true})
			t.Cleanup(func() { closeOrFail(t, db) })
			return db
		}, bbolt.ErrDatabaseReadOnly},
		{"closed", func(t *testing.T) *DB {
			db := mustOpen(t, filepath.Join(t.TempDir(), "depeche.db"), Options{})
			closeOrFail(t, db)
			return db
		}, bbolt.ErrDatabaseNotOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := tt.open(t)
			err := db.CheckWritable()
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckWritable() = %v, want %v", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), db.Path()) {
				t.Errorf("error %q does not name the archive", err)
			}
		})
	}
}

func TestCheckWritableKeepsData(t *testing.T) {
	db, _ := openTemp(t)
	mustSave(t, db, testArticle(1), "world", "g1")
	for range 3 {
		if err := db.CheckWritable(); err != nil {
			t.Fatal(err)
		}
	}
	checkCount(t, db, 1)
}

func mustOpen(t *testing.T, path string, opts Options) *DB {
	t.Helper()
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func closeOrFail(t *testing.T, db *DB) {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}
