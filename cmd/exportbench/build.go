package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// saveWorkers is how many Saves run at once: bbolt's Batch gives them one
// write transaction and one fsync, so more of them make fewer, larger
// commits.
const saveWorkers = 64

// textSize is the length of a generated article's text: about what a
// news article holds once cleaned.
const textSize = 3000

// buildArchive creates an archive of n generated articles at path. Saves
// run from several goroutines at once, so that bbolt's Batch shares each
// write transaction among them, as the crawler's workers do.
func buildArchive(ctx context.Context, path string, n int, captures bool) error {
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	ids := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range saveWorkers {
		wg.Go(func() { saveAll(db, ids, captures, errs) })
	}
	err = feed(ctx, ids, n, errs)
	close(ids)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// feed sends the article numbers 1..n, stopping early on an error or
// cancellation.
func feed(ctx context.Context, ids chan<- int, n int, errs <-chan error) error {
	for i := 1; i <= n; i++ {
		select {
		case ids <- i:
		case err := <-errs:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// saveAll saves the articles whose numbers arrive on ids; the first error
// goes to errs, the rest are dropped, and the worker keeps draining ids.
func saveAll(db *store.DB, ids <-chan int, captures bool, errs chan<- error) {
	for i := range ids {
		if _, _, err := db.Save(article(i, captures), "bench", fmt.Sprintf("bench-%d", i)); err != nil {
			select {
			case errs <- err:
			default:
			}
		}
	}
}

// article is generated article n, with its page when captures is set.
func article(n int, captures bool) *store.Article {
	t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(n) * time.Minute)
	text := articleText(n, textSize)
	a := &store.Article{
		URL:       fmt.Sprintf("https://actualites.example/region/%d/depeche-numero-%d.html", n%97, n),
		Title:     fmt.Sprintf("Dépêche numéro %d : le conseil municipal vote son budget", n),
		Lead:      text[:200],
		Author:    "Rédaction",
		Published: t,
		Fetched:   t.Add(3 * time.Minute),
		Language:  "fr",
		Section:   "Région",
		Tags:      []string{"budget", "conseil municipal"},
		Text:      text,
		Extractor: "bench",
		Cleaner:   "bench/1",
	}
	if captures {
		a.Capture = &store.Capture{
			URL: a.URL, Fetched: a.Fetched, Status: http.StatusOK,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}},
			Body:   []byte("<html><body><article><p>" + text + "</p></article></body></html>"),
		}
	}
	return a
}
