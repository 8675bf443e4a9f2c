package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// TestRepeatedGUIDsDoNotMergeArticles: a feed that gives every item the
// same GUID must not have its second article taken for the first.
func TestRepeatedGUIDsDoNotMergeArticles(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			fmt.Fprint(w, rssDoc(fmt.Sprintf(`<item><link>%[1]s/a/1.html</link><guid>same</guid></item><item><link>%[1]s/a/2.html</link><guid>same</guid></item>`, srv.URL)))
			return
		}
		pastArticle(w, r.URL.Path)
	}))
	defer srv.Close()
	c, db := archivingCrawler(t, Options{AllowPrivateNetworks: true})
	sums, errs := c.PollAll(t.Context(), []store.Feed{{Name: "f", URL: srv.URL + "/feed", Interval: time.Hour}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	if n, err := db.Count(); err != nil || n != 2 || sums[0].New != 2 {
		t.Errorf("archived %d (summary %+v, err %v), want both articles", n, sums[0], err)
	}
}

// TestUpdatedItemBecomesRevision: an item the feed marks updated after it
// was archived is fetched again, and its new text becomes current.
func TestUpdatedItemBecomesRevision(t *testing.T) {
	var version atomic.Int32
	version.Store(1)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := version.Load()
		if r.URL.Path == "/feed" {
			w.Header().Set("Content-Type", "application/atom+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id><updated>2025-04-29T10:00:00Z</updated>
<entry><id>urn:a1</id><title>A</title><link href="%s/a/1.html"/><published>2025-04-29T08:00:00Z</published><updated>%s</updated></entry></feed>`,
				srv.URL, map[int32]string{1: "2025-04-29T08:00:00Z", 2: "2099-01-01T00:00:00Z"}[v])
			return
		}
		pastArticle(w, fmt.Sprintf("%s version %d", r.URL.Path, v))
	}))
	defer srv.Close()
	var clock atomic.Int64 // an hour per round: past signalGap
	clock.Store(time.Date(2025, 4, 29, 9, 0, 0, 0, time.UTC).UnixNano())
	now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
	c, db := archivingCrawler(t, Options{AllowPrivateNetworks: true, Now: now})
	feed := store.Feed{Name: "f", URL: srv.URL + "/feed", Interval: time.Hour}
	for round := range 3 { // archive, then an update, then nothing new
		if round == 1 {
			version.Store(2)
		}
		clock.Add(int64(time.Hour))
		if _, errs := c.PollAll(t.Context(), []store.Feed{feed}); errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	revs, err := db.Revisions(1)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 2 {
		t.Fatalf("article has %d versions, want 2 (the original and the update)", len(revs))
	}
	if cur := revs[len(revs)-1]; cur.Revision != 2 || !strings.Contains(cur.Text, "version 2") {
		t.Errorf("current version %d with text %q, want revision 2 with the updated text", cur.Revision, cur.Text)
	}
}
