package crawler

import (
	"path/filepath"
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
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	o.HostDelay = time.Second
	return schedCrawlerOver(t, site, o, db), db
}

// TestRevisitsBackOffWhileTheArchiveCannotBeWritten: revisits whose
// outcome cannot be recorded stay due; the loop waits longer and longer
// before it tries them again, instead of fetching the same pages over and
// over at the host's full budget.
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
		feeds := []Feed{{Name: "flaky", URL: "http://flaky.test/rss", Interval: time.Hour}}
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
