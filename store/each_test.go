package store

import (
	"errors"
	"sync"
	"testing"
)

// saveMany saves n distinct articles from several goroutines, as the
// crawler's workers do, and returns nothing until all are stored.
func saveMany(t testing.TB, db *DB, n int) {
	t.Helper()
	const workers = 25
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if _, _, err := db.Save(testArticle(i), "world", ""); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Save: %v", err)
	}
}

func TestEachAcrossChunks(t *testing.T) {
	t.Parallel()
	const n = 2*eachChunk + 500
	db, _ := openTemp(t)
	saveMany(t, db, n)
	var last uint64
	seen := 0
	err := db.Each(func(a *Article) error {
		if a.ID != last+1 {
			t.Fatalf("Each: article %d after %d, want ids in order without gaps", a.ID, last)
		}
		last = a.ID
		seen++
		return nil
	})
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	if seen != n {
		t.Errorf("Each visited %d articles, want %d", seen, n)
	}
}

func TestEach(t *testing.T) {
	stop := errors.New("stop")
	tests := []struct {
		name    string
		fn      func(db *DB) func(*Article) error
		wantErr error
		wantN   int
	}{
		{"empty-archive-visits-nothing", nil, nil, 0},
		{"stops-at-callback-error", func(*DB) func(*Article) error {
			return func(a *Article) error {
				if a.ID == 2 {
					return stop
				}
				return nil
			}
		}, stop, 2},
		{"callback-may-write", func(db *DB) func(*Article) error {
			return func(a *Article) error {
				_, _, err := db.Seen("front", "", a.URL)
				return err
			}
		}, nil, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			fn := func(*Article) error { return nil }
			if tt.fn != nil {
				saveMany(t, db, 3)
				fn = tt.fn(db)
			}
			n := 0
			err := db.Each(func(a *Article) error { n++; return fn(a) })
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Each: error %v, want %v", err, tt.wantErr)
			}
			if n != tt.wantN {
				t.Errorf("Each called fn %d times, want %d", n, tt.wantN)
			}
		})
	}
}
