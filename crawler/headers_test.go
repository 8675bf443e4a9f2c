package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// Secrets the tests configure; none may show in logs or captures.
const (
	feedKey    = "feed-key-4711"
	pageCookie = "reader=cookie-0815"
	pageToken  = "Bearer token-2342"
)

// heardHeaders records the request headers each path got.
type heardHeaders struct {
	mu    sync.Mutex
	paths map[string]http.Header
}

func (h *heardHeaders) record(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.paths == nil {
		h.paths = map[string]http.Header{}
	}
	h.paths[r.Host+r.URL.Path] = r.Header.Clone()
}

// at returns the headers the request for u got; it fails the test when
// u was never requested.
func (h *heardHeaders) at(t *testing.T, u string) http.Header {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	got, ok := h.paths[p.Host+p.Path]
	if !ok {
		t.Fatalf("%s was never requested", u)
	}
	return got
}

// storyPage is an article page long enough for generic extraction.
func storyPage(title string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html lang=en><head><title>%s</title></head><body><article><h1>%s</h1>", title, title)
	for i := range 6 {
		fmt.Fprintf(&b, "<p>Paragraph %d of %s: the harbour board met on Tuesday evening and argued at length about "+
			"the new ferry timetable, the price of a season ticket and the fate of the old pier.</p>", i+1, title)
	}
	b.WriteString("</article></body></html>")
	return b.String()
}

// subscriberSites starts two sites: a paper on 127.0.0.1 whose feed links
// a page of its own, a page that redirects to the other site, and a page
// of the other site, served on localhost. Every request is recorded.
func subscriberSites(t *testing.T) (paper, other string, heard *heardHeaders) {
	t.Helper()
	heard = &heardHeaders{}
	page := func(title string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			heard.record(r)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, storyPage(title))
		}
	}
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page("Elsewhere at "+r.URL.Path)(w, r)
	}))
	t.Cleanup(otherSrv.Close)
	other = strings.Replace(otherSrv.URL, "127.0.0.1", "localhost", 1)

	paperMux := http.NewServeMux()
	paperSrv := httptest.NewServer(paperMux)
	t.Cleanup(paperSrv.Close)
	paper = paperSrv.URL
	paperMux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		heard.record(r)
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	paperMux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		heard.record(r)
		if r.Header.Get("X-store.Feed-Key") != feedKey {
			http.Error(w, "subscribers only", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Paper</title><link>%[1]s/</link>
<item><title>Ferries</title><link>%[1]s/news/ferries.html</link><guid>ferries</guid></item>
<item><title>Moved</title><link>%[1]s/news/moved.html</link><guid>moved</guid></item>
<item><title>Gone</title><link>%[1]s/news/gone.html</link><guid>gone</guid></item>
<item><title>Elsewhere</title><link>%[2]s/story.html</link><guid>elsewhere</guid></item>
</channel></rss>`, paper, other)
	})
	paperMux.HandleFunc("/news/ferries.html", page("Ferries"))
	paperMux.HandleFunc("/news/moved.html", func(w http.ResponseWriter, r *http.Request) {
		heard.record(r)
		http.Redirect(w, r, other+"/moved-here.html", http.StatusFound)
	})
	paperMux.HandleFunc("/news/gone.html", func(w http.ResponseWriter, r *http.Request) {
		heard.record(r)
		http.NotFound(w, r)
	})
	return paper, other, heard
}

// TestHeadersReachTheirServers polls a subscriber's feed: the feed's
// headers go on the feed request only, the paper's site headers on the
// paper's pages only (robots.txt gets its User-Agent alone), and no secret
// is logged or stored.
func TestHeadersReachTheirServers(t *testing.T) {
	paper, other, heard := subscriberSites(t)
	var logs bytes.Buffer
	site := http.Header{"Cookie": {pageCookie}, "Authorization": {pageToken}, "User-Agent": {"PaperReader/2"}}
	c, db := newArchiver(t, Options{
		UserAgent: "depeche-test",
		Logger:    slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Sites:     []fetch.SiteHeaders{{Host: "127.0.0.1", Header: site}},
	})
	feed := store.Feed{Name: "paper", URL: paper + "/feed.xml", Interval: time.Hour,
		Headers: http.Header{"X-store.Feed-Key": {feedKey}, "User-Agent": {"FeedReader/1"}}}
	sum, err := pollOnce(t, c, feed)
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 3 || sum.Failed != 1 {
		t.Errorf("summary %+v, want 3 new (ferries, moved, elsewhere) and 1 failed (gone)", sum)
	}

	checks := []struct {
		name, url, header, want string
	}{
		{"feed-gets-its-headers", paper + "/feed.xml", "User-Agent", "FeedReader/1"},
		{"feed-gets-no-site-cookie", paper + "/feed.xml", "Cookie", ""},
		{"page-gets-site-cookie", paper + "/news/ferries.html", "Cookie", pageCookie},
		{"page-gets-site-token", paper + "/news/ferries.html", "Authorization", pageToken},
		{"page-gets-site-agent", paper + "/news/ferries.html", "User-Agent", "PaperReader/2"},
		{"page-gets-no-feed-key", paper + "/news/ferries.html", "X-store.Feed-Key", ""},
		{"failed-page-got-cookie", paper + "/news/gone.html", "Cookie", pageCookie},
		{"robots-gets-site-agent", paper + "/robots.txt", "User-Agent", "PaperReader/2"},
		{"robots-gets-no-cookie", paper + "/robots.txt", "Cookie", ""},
		{"robots-gets-no-token", paper + "/robots.txt", "Authorization", ""},
		{"other-host-gets-no-cookie", other + "/story.html", "Cookie", ""},
		{"other-host-gets-default-agent", other + "/story.html", "User-Agent", "depeche-test"},
		{"redirect-leaves-cookie-behind", other + "/moved-here.html", "Cookie", ""},
		{"redirect-leaves-token-behind", other + "/moved-here.html", "Authorization", ""},
	}
	for _, ch := range checks {
		t.Run(ch.name, func(t *testing.T) {
			if got := heard.at(t, ch.url).Get(ch.header); got != ch.want {
				t.Errorf("%s got %s %q, want %q", ch.url, ch.header, got, ch.want)
			}
		})
	}
	wantNoSecrets(t, "the log", logs.String())
	wantNoSecrets(t, "the captures", capturedRequestHeaders(t, db))
}

// capturedRequestHeaders returns the request headers of every stored
// capture, printed, after checking that the paper's page records its
// secret headers masked and its public one as sent.
func capturedRequestHeaders(t *testing.T, db *store.DB) string {
	t.Helper()
	var all strings.Builder
	err := db.Each(func(a *store.Article) error {
		capt, err := db.Capture(a.ID)
		if err != nil {
			return err
		}
		fmt.Fprintln(&all, capt.RequestHeader)
		if strings.HasSuffix(a.URL, "/news/ferries.html") {
			h := capt.RequestHeader
			if h.Get("Cookie") != fetch.MaskedValue || h.Get("Authorization") != fetch.MaskedValue || h.Get("User-Agent") != "PaperReader/2" {
				t.Errorf("capture of %s records %v: want Cookie and Authorization masked, the User-Agent sent", a.URL, h)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all.String()
}

func wantNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	for _, secret := range []string{feedKey, "cookie-0815", "token-2342"} {
		if strings.Contains(text, secret) {
			t.Errorf("%s holds the secret %q:\n%s", where, secret, text)
		}
	}
}

// TestReloadChangesSiteHeaders: new site headers apply from the next
// request, without a new crawler.
func TestReloadChangesSiteHeaders(t *testing.T) {
	paper, _, heard := subscriberSites(t)
	c, _ := newArchiver(t, Options{Sites: []fetch.SiteHeaders{{Host: "127.0.0.1", Header: http.Header{"Cookie": {"reader=old"}}}}})
	pages := c.fetcher.Pages(context.Background())
	fetchCookie := func() string {
		t.Helper()
		if _, _, err := pages.Fetch(paper+"/news/ferries.html", nil); err != nil {
			t.Fatal(err)
		}
		return heard.at(t, paper+"/news/ferries.html").Get("Cookie")
	}
	if got := fetchCookie(); got != "reader=old" {
		t.Fatalf("cookie %q before the reload, want reader=old", got)
	}
	c.Reload(Reload{Sites: []fetch.SiteHeaders{{Host: "127.0.0.1", PathPrefix: "/news", Header: http.Header{"Cookie": {"reader=new"}}}}})
	if got := fetchCookie(); got != "reader=new" {
		t.Errorf("cookie %q after the reload, want reader=new", got)
	}
}

func TestFeedEqualComparesHeaders(t *testing.T) {
	a := store.Feed{Name: "a", URL: "https://a.example/rss", Headers: http.Header{"Cookie": {"one"}}}
	b := a
	b.Headers = http.Header{"Cookie": {"two"}}
	if !a.Equal(a) || a.Equal(b) {
		t.Errorf("Equal: a==a %v, a==b %v; want true, false", a.Equal(a), a.Equal(b))
	}
	if !(store.Feed{Name: "a"}).Equal(store.Feed{Name: "a", Headers: http.Header{}}) {
		t.Error("no headers and empty headers should be equal")
	}
}
