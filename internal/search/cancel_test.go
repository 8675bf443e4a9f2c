package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// openStories makes an archive of n English stories drawn from one small
// vocabulary, so that a word of it is in nearly every one, and an index
// caught up with it.
func openStories(t testing.TB, n int) (*store.DB, *Index) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "depeche.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 16 { // saves that overlap share a commit
		wg.Go(func() {
			for i := w; i < n; i += 16 {
				text := strings.NewReplacer("<p>", "", "</p>", "\n").Replace(testkit.StoryText(fmt.Sprint(i)))
				a := &store.Article{URL: fmt.Sprintf("https://example.test/%d", i), Title: fmt.Sprint("Story ", i),
					Text: text, Language: "en", Fetched: time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)}
				if _, _, err := db.Save(a, "stories", ""); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	ix, err := Open(Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if got, err := ix.CatchUp(context.Background(), db, nil); err != nil || got != n {
		t.Fatalf("CatchUp = %d, %v; want %d", got, err, n)
	}
	return db, ix
}

// cancelAtLook is a context cancelled when it is looked at (Done or Err
// called) for the nth time. bleve's collector looks before it collects
// the first document, then after every 1,024; the index's term readers
// look every few hundred postings they read.
type cancelAtLook struct {
	context.Context
	cancel context.CancelFunc
	n      int32
	looks  atomic.Int32
}

func newCancelAtLook(n int32) *cancelAtLook {
	ctx, cancel := context.WithCancel(context.Background())
	return &cancelAtLook{Context: ctx, cancel: cancel, n: n}
}

func (c *cancelAtLook) look() {
	if c.looks.Add(1) == c.n {
		c.cancel()
	}
}

func (c *cancelAtLook) Done() <-chan struct{} {
	c.look()
	return c.Context.Done()
}

func (c *cancelAtLook) Err() error {
	c.look()
	return c.Context.Err()
}

// TestSearchStopsWhenCancelled cancels searches at their second look at
// the context, a word found in a thousand articles (looked at by the
// collector as it collects them) and a phrase found nowhere that reads
// the postings of every article (looked at only as they are read), and
// checks that each stops there.
func TestSearchStopsWhenCancelled(t *testing.T) {
	db, ix := openStories(t, 1100)
	for _, q := range []string{"harbour", `"` + strings.Repeat("harbour ", 32) + `"`} {
		t.Run(strings.Fields(q)[0], func(t *testing.T) {
			terms, err := Parse(q)
			if err != nil {
				t.Fatal(err)
			}
			whole := newCancelAtLook(-1) // never cancelled
			if _, err := ix.Search(whole, db, Request{Terms: terms}); err != nil {
				t.Fatal(err)
			}
			all := whole.looks.Load()
			if all < 3 {
				t.Fatalf("the whole search looked at its context %d times: too few to cancel it in its middle", all)
			}
			ctx := newCancelAtLook(2)
			res, err := ix.Search(ctx, db, Request{Terms: terms})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Search = %+v, %v; want context.Canceled", res, err)
			}
			if got := ctx.looks.Load(); got >= all {
				t.Errorf("cancelled at look 2, the search looked %d times, as many as the whole search (%d): it went on", got, all)
			}
		})
	}
}
