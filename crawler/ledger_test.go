package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// ledgerFeed is a feed whose items fail in every way a page can, and one
// with no link at all; every text is written for this test.
const ledgerFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Ledger</title><link>%[1]s/</link><description>test</description>
<item><title>Good page</title><link>%[1]s/good</link><guid>good</guid></item>
<item><title>Missing page</title><link>%[1]s/missing</link><guid>missing</guid>
  <description>&lt;p&gt;The summary of a page that answers 404.&lt;/p&gt;</description></item>
<item><title>Gone page</title><link>%[1]s/gone</link><guid>gone</guid><dc:creator>Desk</dc:creator><category>rivers</category>
  <description>A short lead.</description>
  <content:encoded><![CDATA[<p>The whole text, first paragraph.</p><script>steal()</script><p>Second paragraph.</p>]]></content:encoded>
  <enclosure url="%[1]s/media/gone.mp3" type="audio/mpeg" length="2048"/></item>
<item><title>Private page</title><link>%[1]s/private/page</link><guid>private</guid>
  <description>A page robots.txt keeps us from.</description></item>
<item><title>A report</title><link>%[1]s/report.pdf</link><guid>pdf</guid>
  <description>The link is a PDF file.</description></item>
<item><title>No link</title><guid>nolink</guid>
  <content:encoded><![CDATA[<p>Only the feed carries this text.</p>]]></content:encoded></item>
<item><title>Bad link</title><link>javascript:alert(1)</link><guid>badlink</guid>
  <description>A link that is not a web address.</description></item>
<item><title>Nothing</title><link>%[1]s/nothing</link><guid>nothing</guid></item>
</channel></rss>`

func ledgerServer(t *testing.T) *httptest.Server {
	t.Helper()
	return ledgerServerWith(t, nil)
}

// ledgerServerWith is ledgerServer, but for the paths found serves as good
// pages: a page that came back.
func ledgerServerWith(t *testing.T, found *atomic.Bool) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, ledgerFeed, srv.URL)
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case "/good":
			goodPage(w, "good")
		case "/missing":
			if found != nil && found.Load() {
				goodPage(w, "missing")
				return
			}
			http.NotFound(w, r)
		case "/gone":
			http.Error(w, "gone", http.StatusGone)
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.4 not really"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestEveryItemAccountedFor: each item of the feed is archived from its
// page, or from the feed's own text when the page cannot be had, or given
// up when the feed has none; none is an archive failure.
func TestEveryItemAccountedFor(t *testing.T) {
	srv := ledgerServer(t)
	c, db := archivingCrawler(t, Options{AllowPrivateNetworks: true})
	sums, errs := c.PollAll(t.Context(), []store.Feed{{Name: "ledger", URL: srv.URL + "/feed", Interval: time.Hour}})
	if errs[0] != nil {
		t.Fatal(errs[0])
	}
	if s := sums[0]; s.Seen != 8 || s.New != 7 || s.FromFeed != 6 || s.Pending != 0 || s.Failed != 1 {
		t.Errorf("summary %+v, want 8 seen, 7 archived of which 6 from the feed, 1 given up", s)
	}
	counts, err := db.ItemCounts()
	if want := (store.ItemCounts{Seen: 8, Page: 1, Feed: 6, GivenUp: 1}); err != nil || counts["ledger"] != want {
		t.Errorf("item counts %+v (%v), want %+v", counts["ledger"], err, want)
	}
	byGUID := map[string]*store.Article{}
	err = db.Each(func(a *store.Article) error { byGUID[a.GUID] = a; return nil })
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		guid, source, status, reason string
		http                         int
		text                         string
	}{
		{"good", store.SourcePage, "", "", 0, "conseil municipal"},
		{"missing", store.SourceFeed, store.PageUnavailable, "not_found", 404, "The summary of a page that answers 404."},
		{"gone", store.SourceFeed, store.PageUnavailable, "gone", 410, "The whole text, first paragraph.\n\nSecond paragraph."},
		{"private", store.SourceFeed, store.PageUnavailable, "blocked", 0, "A page robots.txt keeps us from."},
		{"pdf", store.SourceFeed, store.PageUnavailable, "content", 0, "The link is a PDF file."},
		{"nolink", store.SourceFeed, store.PageNone, "no_link", 0, "Only the feed carries this text."},
		{"badlink", store.SourceFeed, store.PageUnavailable, "invalid_url", 0, "A link that is not a web address."},
	}
	for _, tt := range tests {
		t.Run(tt.guid, func(t *testing.T) {
			a := byGUID[tt.guid]
			if a == nil {
				t.Fatalf("no article for item %s", tt.guid)
			}
			if a.Source != tt.source || !strings.Contains(a.Text, tt.text) {
				t.Errorf("source %q text %q, want %q holding %q", a.Source, a.Text, tt.source, tt.text)
			}
			if tt.source == store.SourcePage {
				return
			}
			p := a.Page
			if p == nil || p.Status != tt.status || p.Reason != tt.reason || p.HTTPStatus != tt.http {
				t.Errorf("page %+v, want status %s reason %s HTTP %d", p, tt.status, tt.reason, tt.http)
			}
		})
	}
	gone := byGUID["gone"]
	if gone.Lead != "A short lead." || gone.Author != "Desk" || len(gone.Tags) != 1 || len(gone.Enclosures) != 1 ||
		gone.Enclosures[0].Length != 2048 || strings.Contains(gone.Text, "steal") {
		t.Errorf("article from the feed %+v: want the lead, author, tags and enclosure of the item, no script", gone)
	}
	if a := byGUID["nolink"]; a.URL != "" || a.Page.Tries != 0 {
		t.Errorf("link-less item: URL %q, %d tries, want none", a.URL, a.Page.Tries)
	}
	if given, _ := db.FeedItems("ledger", store.ItemGivenUp); len(given) != 1 || given[0].GUID != "nothing" || given[0].Outcome.HTTPStatus != 404 {
		t.Errorf("given up %+v, want the item with no page and no text", given)
	}

	// Polled again: every item is known; nothing is fetched or archived twice.
	sums, _ = c.PollAll(t.Context(), []store.Feed{{Name: "ledger", URL: srv.URL + "/feed", Interval: time.Hour}})
	if s := sums[0]; s.New != 0 || s.Duplicates != 8 {
		t.Errorf("second poll %+v, want 8 duplicates", s)
	}
}

// TestBackfillReplacesAnArticleFromTheFeedWithItsPage: when a backfill
// meets again the link of an article archived from the feed and its page
// is there now, the page's article becomes the next revision.
func TestBackfillReplacesAnArticleFromTheFeedWithItsPage(t *testing.T) {
	var found atomic.Bool
	srv := ledgerServerWith(t, &found)
	c, db := archivingCrawler(t, Options{AllowPrivateNetworks: true})
	feed := store.Feed{Name: "ledger", URL: srv.URL + "/feed", Interval: time.Hour}
	if _, errs := c.PollAll(t.Context(), []store.Feed{feed}); errs[0] != nil {
		t.Fatal(errs[0])
	}
	found.Store(true)
	pages := c.fetcher.Pages(t.Context())
	if _, err := c.archivePage(t.Context(), pages, feed, Item{Link: srv.URL + "/missing"}); err != nil {
		t.Fatal(err)
	}
	var got *store.Article
	err := db.Each(func(a *store.Article) error {
		if a.GUID == "missing" {
			got = a
		}
		return nil
	})
	if err != nil || got == nil {
		t.Fatalf("no article for the item (%v)", err)
	}
	if got.Source != store.SourcePage || got.Page != nil || got.Revision != 2 || !strings.Contains(got.Text, "conseil municipal") ||
		!slices.Contains(got.Changed, "source") || !slices.Contains(got.Changed, "text") {
		t.Errorf("after the page came back: source %q page %+v revision %d changed %q text %q", got.Source, got.Page, got.Revision, got.Changed, got.Text)
	}
	if items, _ := db.FeedItems("ledger", store.ItemPage); len(items) != 2 {
		t.Errorf("%d items archived from their page, want 2: the good one and the one that came back", len(items))
	}
}
