package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// saveWorkers is how many Saves run at once: bbolt's Batch gives them one
// write transaction and one fsync.
const saveWorkers = 64

// buildArchive creates an archive of n articles of c at path.
func buildArchive(ctx context.Context, path string, c corpus, n int, now time.Time) error {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	ids := make(chan int)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range saveWorkers {
		wg.Go(func() {
			for i := range ids {
				a, feed := c.article(i, now)
				if _, _, err := db.Save(a, feed, fmt.Sprintf("bench-%d", i)); err != nil {
					mu.Lock()
					firstErr = cmpErr(firstErr, err)
					mu.Unlock()
				}
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		ids <- i
	}
	close(ids)
	wg.Wait()
	return cmpErr(cmpErr(firstErr, ctx.Err()), db.Close())
}

// cmpErr is the first of a and b that is not nil.
func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
