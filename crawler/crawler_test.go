package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

const feedETag = `"gazette-v1"`

// gazette is a news site: a feed of three items at /feed.xml and their
// pages at /articles/N.html.
type gazette struct {
	srv        *httptest.Server
	etag       bool         // the feed sends an ETag and answers 304 to it
	broken     atomic.Int32 // the article that fails; 0 for none
	brokenWith atomic.Int32 // the status the broken article answers; 0 for 404
	feedStatus atomic.Int32 // the feed's status when failing; 0 serves it
	pageHits   atomic.Int32

	mu          sync.Mutex
	ifNoneMatch []string // per feed request
}

func newGazette(t *testing.T, etag bool) *gazette {
	t.Helper()
	g := &gazette{etag: etag}
	feed := fixture(t, "crawl-feed.xml")
	pages := map[string][]byte{}
	for n := 1; n <= 3; n++ {
		pages[fmt.Sprintf("/articles/%d.html", n)] = fixture(t, fmt.Sprintf("article-%d.html", n))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.ifNoneMatch = append(g.ifNoneMatch, r.Header.Get("If-None-Match"))
		g.mu.Unlock()
		if s := g.feedStatus.Load(); s != 0 {
			http.Error(w, http.StatusText(int(s)), int(s))
			return
		}
		if g.etag {
			w.Header().Set("ETag", feedETag)
			if r.Header.Get("If-None-Match") == feedETag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		testkit.Serve(t, "application/rss+xml; charset=utf-8", feed, false)(w, r)
	})
	mux.HandleFunc("/articles/", func(w http.ResponseWriter, r *http.Request) {
		g.pageHits.Add(1)
		body, ok := pages[r.URL.Path]
		if r.URL.Path == fmt.Sprintf("/articles/%d.html", g.broken.Load()) && g.brokenWith.Load() != 0 {
			http.Error(w, "down for maintenance", int(g.brokenWith.Load()))
			return
		}
		if !ok || r.URL.Path == fmt.Sprintf("/articles/%d.html", g.broken.Load()) {
			http.NotFound(w, r)
			return
		}
		testkit.Serve(t, "text/html; charset=utf-8", body, false)(w, r)
	})
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gazette) feed() store.Feed {
	return store.Feed{Name: "gazette", URL: g.srv.URL + "/feed.xml", Interval: time.Hour}
}

// lastIfNoneMatch is the If-None-Match of the latest feed request.
func (g *gazette) lastIfNoneMatch(t *testing.T) string {
	t.Helper()
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.ifNoneMatch) == 0 {
		t.Fatal("the feed was never requested")
	}
	return g.ifNoneMatch[len(g.ifNoneMatch)-1]
}

// newArchiver returns a Crawler over a fresh archive in t.TempDir().
func newArchiver(t *testing.T, o Options) (*Crawler, *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "archive.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	cleaner, err := clean.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(db, cleaner, localOptions(o))
	if err != nil {
		t.Fatal(err)
	}
	return c, db
}

// pollOnce polls feed once and returns its summary and error.
func pollOnce(t *testing.T, c *Crawler, feed store.Feed) (Summary, error) {
	t.Helper()
	sums, errs := c.PollAll(context.Background(), []store.Feed{feed})
	if len(sums) != 1 || len(errs) != 1 {
		t.Fatalf("PollAll returned %d summaries and %d errors for one feed", len(sums), len(errs))
	}
	return sums[0], errs[0]
}

// counts is what a user reads off a poll's summary.
type counts struct {
	NotModified                      bool
	Seen, New, Dups, Pending, Failed int
}

func countsOf(s Summary) counts {
	return counts{NotModified: s.NotModified, Seen: s.Seen, New: s.New, Dups: s.Duplicates, Pending: s.Pending, Failed: s.Failed}
}

func wantArchived(t *testing.T, db *store.DB, n int) {
	t.Helper()
	got, err := db.Count()
	if err != nil {
		t.Fatal(err)
	}
	if got != n {
		t.Errorf("archive holds %d articles, want %d", got, n)
	}
}

func feedState(t *testing.T, db *store.DB, name string) store.FeedState {
	t.Helper()
	st, err := db.FeedState(name)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPollAllArchivesThenDeduplicates(t *testing.T) {
	tests := []struct {
		name       string
		etag       bool
		wantSecond counts
	}{
		// The server honours If-None-Match: nothing is re-read.
		{name: "etag-feed-answers-304", etag: true, wantSecond: counts{NotModified: true}},
		// No validators: the feed is read again, every item known.
		{name: "feed-without-validators-yields-duplicates", etag: false, wantSecond: counts{Seen: 3, Dups: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGazette(t, tt.etag)
			c, db := newArchiver(t, Options{})

			sum, err := pollOnce(t, c, g.feed())
			if err != nil {
				t.Fatal(err)
			}
			if got, want := countsOf(sum), (counts{Seen: 3, New: 3}); got != want {
				t.Fatalf("first poll: %+v, want %+v", got, want)
			}
			wantArchived(t, db, 3)
			hits := g.pageHits.Load()

			sum, err = pollOnce(t, c, g.feed())
			if err != nil {
				t.Fatal(err)
			}
			if got := countsOf(sum); got != tt.wantSecond {
				t.Errorf("second poll: %+v, want %+v", got, tt.wantSecond)
			}
			if tt.etag {
				if got := g.lastIfNoneMatch(t); got != feedETag {
					t.Errorf("second poll sent If-None-Match %q, want %q", got, feedETag)
				}
			}
			if n := g.pageHits.Load() - hits; n != 0 {
				t.Errorf("second poll fetched %d pages, want none", n)
			}
			wantArchived(t, db, 3)
		})
	}
}

func TestPollAllStoresTheArticle(t *testing.T) {
	g := newGazette(t, true)
	fetched := time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC)
	c, db := newArchiver(t, Options{Now: func() time.Time { return fetched }})
	if _, err := pollOnce(t, c, g.feed()); err != nil {
		t.Fatal(err)
	}
	var got *store.Article
	err := db.Each(func(a *store.Article) error {
		if a.GUID == "gazette-1" {
			got = a
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got == nil {
		t.Fatal("item gazette-1 not archived")
	}
	checks := []struct {
		field, got, want string
	}{
		{"URL", got.URL, g.srv.URL + "/articles/1.html"},
		{"Title", got.Title, "Le pont suspendu rouvre aux piétons"},
		{"Feeds", strings.Join(got.Feeds, ","), "gazette"},
		{"Fetched", got.Fetched.UTC().Format(time.RFC3339), "2024-06-05T12:00:00Z"},
		{"Published", got.Published.Format(time.RFC3339), "2024-06-03T07:00:00+02:00"},
		{"Language", got.Language, "fr"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %q, want %q", ch.field, ch.got, ch.want)
		}
	}
	if !strings.Contains(got.Text, "Les câbles d’origine, posés en 1932") {
		t.Errorf("text lacks the article body:\n%s", got.Text)
	}
	if strings.Contains(got.Text, "Tous droits réservés") || strings.Contains(got.Text, "Mentions légales") {
		t.Errorf("text keeps the footer:\n%s", got.Text)
	}
}

// TestPollAllRetriesAPageOnItsOwnSchedule: a page failing with a 500 is
// tried again when its own retry is due, not at every poll: the feed
// keeps its validators and answers 304, and the page is archived once it
// heals.
func TestPollAllRetriesAPageOnItsOwnSchedule(t *testing.T) {
	g := newGazette(t, true)
	var now atomic.Int64
	t0 := time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC)
	now.Store(t0.UnixNano())
	at := func(d time.Duration) { now.Store(t0.Add(d).UnixNano()) }
	c, db := newArchiver(t, Options{Now: func() time.Time { return time.Unix(0, now.Load()).UTC() }})
	g.broken.Store(2)
	g.brokenWith.Store(http.StatusInternalServerError)

	poll := func(want counts, hits int32) {
		t.Helper()
		before := g.pageHits.Load()
		sum, err := pollOnce(t, c, g.feed())
		if err != nil {
			t.Fatalf("a failed page must not fail the feed: %v", err)
		}
		if got := countsOf(sum); got != want {
			t.Errorf("poll: %+v, want %+v", got, want)
		}
		if got := g.pageHits.Load() - before; got != hits {
			t.Errorf("poll fetched %d pages, want %d", got, hits)
		}
	}
	poll(counts{Seen: 3, New: 2, Pending: 1}, 3)
	if st := feedState(t, db, "gazette"); st.ETag != feedETag {
		t.Errorf("ETag %q after a poll that read every item, want %q: the pending one has its own schedule", st.ETag, feedETag)
	}
	at(time.Minute) // its retry is due at 5m
	poll(counts{NotModified: true}, 0)
	at(6 * time.Minute) // second try, still failing: the next one 10m later
	poll(counts{NotModified: true}, 1)
	items, err := db.FeedItems("gazette", store.ItemPending)
	if err != nil || len(items) != 1 || items[0].Outcome.Tries != 2 || items[0].Outcome.HTTPStatus != 500 ||
		!items[0].Outcome.NextTry.Equal(t0.Add(16*time.Minute)) {
		t.Fatalf("pending items %+v (%v), want the second article after 2 tries, next at 16m", items, err)
	}
	g.broken.Store(0)
	at(15 * time.Minute)
	poll(counts{NotModified: true}, 0)
	at(16 * time.Minute)
	poll(counts{NotModified: true}, 1)
	wantArchived(t, db, 3)
	if items, _ := db.FeedItems("gazette", store.ItemPage); len(items) != 3 {
		t.Errorf("%d items archived from their page, want 3", len(items))
	}
}

func TestPollAllRecordsFeedState(t *testing.T) {
	g := newGazette(t, true)
	var now atomic.Int64
	now.Store(time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0).UTC() }
	c, db := newArchiver(t, Options{Now: clock})

	steps := []struct {
		name       string
		status     int // of the feed; 0 serves it
		wantErrs   int
		wantKind   fetch.Kind
		wantInLast string
	}{
		{name: "first-failure", status: http.StatusServiceUnavailable, wantErrs: 1, wantKind: fetch.KindServer, wantInLast: "503"},
		{name: "second-failure-counts-up", status: http.StatusNotFound, wantErrs: 2, wantKind: fetch.KindNotFound, wantInLast: "404"},
		{name: "success-resets", status: 0, wantErrs: 0},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			now.Add(3600)
			g.feedStatus.Store(int32(st.status))
			_, err := pollOnce(t, c, g.feed())
			if st.status != 0 {
				wantFetchError(t, err, st.wantKind, st.status)
			} else if err != nil {
				t.Fatal(err)
			}
			fs := feedState(t, db, "gazette")
			if fs.ConsecutiveErrors != st.wantErrs {
				t.Errorf("ConsecutiveErrors = %d, want %d", fs.ConsecutiveErrors, st.wantErrs)
			}
			if st.status != 0 && !strings.Contains(fs.LastError, st.wantInLast) {
				t.Errorf("LastError = %q, want it to name %s", fs.LastError, st.wantInLast)
			}
			if st.status == 0 && fs.LastError != "" {
				t.Errorf("LastError = %q after a success, want it cleared", fs.LastError)
			}
			if !fs.LastPoll.Equal(clock()) {
				t.Errorf("LastPoll = %v, want %v", fs.LastPoll, clock())
			}
			if st.status == 0 && !fs.LastSuccess.Equal(clock()) {
				t.Errorf("LastSuccess = %v, want %v", fs.LastSuccess, clock())
			}
			if !fs.NextCheck.After(clock()) {
				t.Errorf("NextCheck = %v, want after the poll at %v", fs.NextCheck, clock())
			}
		})
	}
}
