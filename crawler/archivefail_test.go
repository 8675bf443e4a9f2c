package crawler

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// readOnlyCrawler is a crawler over the archive at path opened read-only,
// so that every write fails as on a full or broken disk, with a second
// between requests to a host.
func readOnlyCrawler(t *testing.T, site *schedSite, o Options, path string) (*Crawler, *store.DB) {
	t.Helper()
	db := openReadOnly(t, path)
	o.HostDelay = time.Second
	return schedCrawlerOver(t, site, o, db), db
}

// openReadOnly opens the archive at path read-only: every write fails,
// as on a full or broken disk.
func openReadOnly(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRevisitsBackOffWhileTheArchiveCannotBeWritten: revisits whose
// outcome cannot be recorded stay due; the loop waits longer and longer
// before it tries them again, instead of fetching the same pages over and
// over as fast as the host limits allow.
func TestRevisitsBackOffWhileTheArchiveCannotBeWritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		sched := &schedSite{handler: site.serve}
		path := filepath.Join(t.TempDir(), "archive.db")
		c, db := schedCrawlerAt(t, sched, revisitOptions(), path)
		runFor(t, c, db, editFeeds, 5*time.Minute)

		c, db = readOnlyCrawler(t, sched, revisitOptions(), path)
		before := site.hitsOf("/a")
		runFor(t, c, db, nil, 3*time.Hour) // the first revisit due at 1h, never recorded
		// Tries at 1h, then 1, 2, 4, 8, 16, 32 and 60 minutes apart.
		if n := site.hitsOf("/a") - before; n < 2 || n > 8 {
			t.Errorf("page fetched %d times in the two hours its revisit could not be recorded, want 2 to 8", n)
		}
	})
}

// TestRetriesBackOffWhileTheArchiveCannotBeWritten: a page retry whose
// outcome cannot be recorded is not made again at once.
func TestRetriesBackOffWhileTheArchiveCannotBeWritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		flaky := &flakySite{hits: map[string]int{}, failB: 1 << 20}
		site := &schedSite{handler: flaky.serve}
		path := filepath.Join(t.TempDir(), "archive.db")
		feeds := []store.Feed{{Name: "flaky", URL: "http://flaky.test/rss", Interval: time.Hour}}
		c, db := schedCrawlerAt(t, site, Options{}, path)
		runFor(t, c, db, feeds, time.Minute) // /b pending, its next try 5 minutes on

		c, db = readOnlyCrawler(t, site, Options{}, path)
		flaky.mu.Lock()
		before := flaky.hits["/b"]
		flaky.mu.Unlock()
		runFor(t, c, db, nil, 2*time.Hour)
		flaky.mu.Lock()
		n := flaky.hits["/b"] - before
		flaky.mu.Unlock()
		if n < 2 || n > 8 {
			t.Errorf("page retried %d times in the two hours its outcome could not be recorded, want 2 to 8", n)
		}
	})
}

// TestStateFlushFailureIsLoggedOnce: feed states that cannot be written
// are tried again every second, but the failure is logged when it
// begins, not at every try.
func TestStateFlushFailureIsLoggedOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		sched := &schedSite{handler: site.serve}
		path := filepath.Join(t.TempDir(), "archive.db")
		c, db := schedCrawlerAt(t, sched, Options{}, path)
		runFor(t, c, db, editFeeds, 5*time.Minute)

		var logs bytes.Buffer
		o := Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		c, db = readOnlyCrawler(t, sched, o, path)
		runFor(t, c, db, editFeeds, time.Hour) // two polls whose states cannot be stored
		if n := strings.Count(logs.String(), "store feed states"); n < 1 || n > 2 {
			t.Errorf("%d log lines about the feed states in an hour the archive could not be written, want 1 or 2", n)
		}
	})
}

// TestStateFlushReportsBeginChangeAndEnd: of flushes that fail, then fail
// otherwise, then go through, one line each for the first failure, the
// change and the end.
func TestStateFlushReportsBeginChangeAndEnd(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	full, gone := errors.New("disk full"), errors.New("device gone")
	failing := ""
	for _, err := range []error{nil, full, full, full, gone, gone, nil, nil} {
		reportFlush(log, err, &failing)
	}
	var got []string
	for line := range strings.Lines(logs.String()) {
		_, msg, _ := strings.Cut(line, "msg=")
		got = append(got, msg)
	}
	want := []string{
		`"store feed states; will retry every second" err="disk full"` + "\n",
		`"store feed states; will retry every second" err="device gone"` + "\n",
		`"feed states stored again"` + "\n",
	}
	if !slices.Equal(got, want) {
		t.Errorf("logged %q, want %q", got, want)
	}
}

// TestBackfillStopsWhenTheArchiveCannotBeWritten: a backfill whose
// articles the archive cannot take stops at the first, instead of
// fetching every page a sitemap lists only to lose each.
func TestBackfillStopsWhenTheArchiveCannotBeWritten(t *testing.T) {
	site := newPastSite(t)
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openReadOnly(t, path)
	t.Cleanup(func() { db.Close() })
	o := Options{AllowPrivateNetworks: true, HostParallel: 8, Workers: 8}
	c := crawlerOver(t, o, db)
	feed := store.Feed{Name: "past", URL: site.URL + "/feed.xml", Interval: time.Hour}
	bo := site.options()
	bo.Strategies = []string{"sitemap", "archive"} // 500 pages in two sitemaps, then 9 in the feed's archive
	p, err := c.Backfill(t.Context(), feed, bo)
	if KindOf(err) != KindArchive {
		t.Errorf("backfill: %v, want the archive's error", err)
	}
	if len(p.Sources) != 1 {
		t.Errorf("sources %+v, want the sitemaps alone: the backfill stopped there", p.Sources)
	}
	if n, _ := site.articleFetches(); n > 2*o.Workers {
		t.Errorf("%d pages fetched that the archive could not take, want at most the %d in flight when the first failed", n, o.Workers)
	}
}

// TestUpdatedItemIsNotRefetchedAtEveryPollWhileTheArchiveCannotBeWritten:
// an item whose feed date moves at every poll has its page fetched again
// at most every half hour (signalGap); while the archive cannot record
// that it was, the page is not fetched at every poll instead.
func TestUpdatedItemIsNotRefetchedAtEveryPollWhileTheArchiveCannotBeWritten(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		path := filepath.Join(t.TempDir(), "archive.db")
		c, db := schedCrawlerAt(t, &schedSite{handler: site.serve}, Options{}, path)
		runFor(t, c, db, editFeeds, 5*time.Minute)

		first, start := time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC), time.Now()
		moving := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/rss" { // the item's date moves on with the clock
				site.mu.Lock()
				site.pubDate["/a"] = first.Add(time.Since(start)).Format(time.RFC1123Z)
				site.mu.Unlock()
			}
			site.serve(w, r)
		}}
		c, db = readOnlyCrawler(t, moving, Options{}, path)
		before := site.hitsOf("/a")
		often := []store.Feed{{Name: editFeeds[0].Name, URL: editFeeds[0].URL, Interval: 10 * time.Minute}}
		runFor(t, c, db, often, 3*time.Hour) // 18 polls
		if n := site.hitsOf("/a") - before; n > 1 {
			t.Errorf("page fetched %d times in three hours of polls the archive could not record, want at most once", n)
		}
	})
}

// TestUnsavedPageIsNotFetchedAtEveryPoll: an item whose first try was cut
// short is the poll's to try again; while the archive cannot save its
// page, the page is fetched again after a wait that grows, not at every
// poll and every pass of the retry loop.
func TestUnsavedPageIsNotFetchedAtEveryPoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		hang := make(chan struct{})
		serve := func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/a" {
				select { // until the daemon stops, the first time
				case <-hang:
				case <-r.Context().Done():
					return
				}
			}
			site.serve(w, r)
		}
		path := filepath.Join(t.TempDir(), "archive.db")
		c, db := schedCrawlerAt(t, &schedSite{handler: serve}, Options{}, path)
		runFor(t, c, db, editFeeds, 5*time.Second) // /a in the ledger, its first try cut short
		close(hang)

		c, db = readOnlyCrawler(t, &schedSite{handler: serve}, Options{}, path)
		often := []store.Feed{{Name: editFeeds[0].Name, URL: editFeeds[0].URL, Interval: 10 * time.Minute}}
		runFor(t, c, db, often, 3*time.Hour) // 18 polls
		// Tries 10 minutes in, then 1, 2, 4 ... minutes after each, as
		// the next poll or retry pass finds it due.
		if n := site.hitsOf("/a"); n > 10 {
			t.Errorf("page fetched %d times in three hours the archive could not save it, want at most 10", n)
		}
	})
}
