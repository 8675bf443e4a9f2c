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
func openStories(t *testing.T, n int) (*store.DB, *Index) {
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

// cancelAtLook is a context cancelled when it is looked at (Done called)
// for the nth time. bleve looks before it collects the first document,
// then after every 1,024: the second look is from the middle of a search.
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

func (c *cancelAtLook) Done() <-chan struct{} {
	if c.looks.Add(1) == c.n {
		c.cancel()
	}
	return c.Context.Done()
}

func TestSearchStopsWhenCancelled(t *testing.T) {
	db, ix := openStories(t, 1100)
	terms, err := Parse("harbour")
	if err != nil {
		t.Fatal(err)
	}
	whole := newCancelAtLook(-1) // never cancelled
	res, err := ix.Search(whole, db, Request{Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total < 1025 || whole.looks.Load() < 2 {
		t.Fatalf("%d hits, %d looks at the context: too few to cancel a search in its middle", res.Total, whole.looks.Load())
	}
	for _, look := range []int32{1, 2} {
		t.Run(fmt.Sprint("at-look-", look), func(t *testing.T) {
			ctx := newCancelAtLook(look)
			res, err := ix.Search(ctx, db, Request{Terms: terms})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Search = %+v, %v; want context.Canceled", res, err)
			}
			if got := ctx.looks.Load(); got != look {
				t.Errorf("the context was looked at %d times, want %d: the search went on after it was cancelled", got, look)
			}
		})
	}
}
