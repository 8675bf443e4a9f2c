package crawler

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// flakySite serves a feed of three items: /a answers at once, /b fails
// with a 500 its first failB times, /c answers its first request with a
// 429 asking for an hour.
type flakySite struct {
	mu    sync.Mutex
	hits  map[string]int
	failB int
}

func (s *flakySite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	n := s.hits[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/rss":
		var items string
		for _, p := range []string{"a", "b", "c"} {
			items += fmt.Sprintf("<item><title>Story %[1]s</title><guid>story-%[1]s</guid><link>http://flaky.test/%[1]s</link></item>", p)
		}
		fmt.Fprint(w, rssDoc(items))
	case r.URL.Path == "/b" && n <= s.failB:
		http.Error(w, "try later", http.StatusInternalServerError)
	case r.URL.Path == "/c" && n == 1:
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	default:
		goodPage(w, r.URL.Path)
	}
}

// runFor runs the scheduler for d of fake time, then stops it and closes
// the archive.
func runFor(t *testing.T, c *Crawler, db *store.DB, feeds []store.Feed, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		c.Run(ctx, feeds)
		close(done)
	}()
	time.Sleep(d)
	cancel()
	<-done
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRetriesOnTheirOwnSchedule: a page that fails with a 500 is tried
// again 5 and then 10 more minutes later, one that answers 429 after the
// hour it asked for, between the feed's hourly polls; and a restart in
// between resumes the schedule from the archive.
func TestRetriesOnTheirOwnSchedule(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		flaky := &flakySite{hits: map[string]int{}, failB: 2}
		site := &schedSite{handler: flaky.serve}
		path := filepath.Join(t.TempDir(), "archive.db")
		feeds := []store.Feed{{Name: "flaky", URL: "http://flaky.test/rss", Interval: time.Hour}}
		start := time.Now()

		c, db := schedCrawlerAt(t, site, Options{}, path)
		runFor(t, c, db, feeds, 7*time.Minute)           // first tries, and /b's second
		c, db = schedCrawlerAt(t, site, Options{}, path) // a restart: the schedule is in the archive
		runFor(t, c, db, feeds, 2*time.Hour)

		// After each page's first try. A try's wait counts from when it
		// began, and its request may go out a second or so later, behind
		// the others to the same host: gaps are exact to a few seconds.
		want := map[string][]time.Duration{
			"http://flaky.test/a": {0},
			"http://flaky.test/b": {0, 5 * time.Minute, 15 * time.Minute},
			"http://flaky.test/c": {0, time.Hour},
		}
		for url, at := range want {
			got := site.times(url, start)
			if len(got) == 0 || got[0] > time.Minute {
				t.Fatalf("%s first requested at %v, want at the first poll", url, got)
			}
			base := got[0]
			for i := range got {
				got[i] -= base
			}
			if !slices.EqualFunc(got, at, func(g, w time.Duration) bool { return (g - w).Abs() <= 3*time.Second }) {
				t.Errorf("%s requested at %v after its first try, want %v", url, got, at)
			}
		}
		db, err := store.Open(path, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		counts, err := db.ItemCounts()
		if want := (store.ItemCounts{Seen: 3, Page: 3}); err != nil || counts["flaky"] != want {
			t.Errorf("item counts %+v (%v), want %+v", counts["flaky"], err, want)
		}
		if n, err := db.Count(); err != nil || n != 3 {
			t.Errorf("archive holds %d articles (%v), want 3", n, err)
		}
	})
}
