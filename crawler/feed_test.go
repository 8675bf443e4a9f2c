package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/internal/testkit"
)

// fetchFrom serves h and fetches path from it as a feed.
func fetchFrom(t *testing.T, o Options, h http.Handler, path string, v fetch.Validators) (*feedResponse, string, error) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	fr, err := feedCrawler(t, localOptions(o)).fetchFeed(context.Background(), srv.URL+path, nil, v)
	return fr, srv.URL, err
}

// itemSummary is an Item with its date in the feed's own zone, as text.
type itemSummary struct {
	GUID, Link, Title, Published string
}

func summarize(items []Item, base string) []itemSummary {
	out := make([]itemSummary, len(items))
	for i, it := range items {
		pub := ""
		if !it.Published.IsZero() {
			pub = it.Published.Format(time.RFC3339)
		}
		out[i] = itemSummary{GUID: it.GUID, Link: strings.Replace(it.Link, base, "{base}", 1), Title: it.Title, Published: pub}
	}
	return out
}

func TestFetchFeedParses(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		ctype string
		gzip  bool
		want  []itemSummary
	}{
		{
			name: "rss-gzip-keeps-zone-offset", file: "rss.xml", ctype: "application/rss+xml; charset=utf-8", gzip: true,
			want: []itemSummary{
				{GUID: "courrier-1001", Link: "{base}/actualites/metro-hanoi.html", Title: "Hanoï inaugure une nouvelle ligne de métro", Published: "2024-05-01T08:30:00+07:00"},
				// No <link>: the permalink GUID is the link.
				{GUID: "https://courrier.example/permalien/1002", Link: "https://courrier.example/permalien/1002", Title: "Un permalien sans lien", Published: "2024-05-02T19:05:00+07:00"},
				// Neither: kept, with no link and no date.
				{Title: "Une brève sans lien ni guid"},
			},
		},
		{
			name: "atom-published-else-updated", file: "atom.xml", ctype: "application/atom+xml",
			want: []itemSummary{
				{GUID: "urn:uuid:6f1c2a10-0000-4000-8000-000000000002", Link: "{base}/carnet/dalat", Title: "Sur la route de Dalat", Published: "2024-06-10T09:15:00+07:00"},
				{GUID: "urn:uuid:6f1c2a10-0000-4000-8000-000000000003", Link: "https://carnet.example/carnet/hue", Title: "Mise à jour seulement", Published: "2024-06-11T18:45:00-03:00"},
			},
		},
		{
			name: "json-feed", file: "feed.json", ctype: "application/feed+json",
			want: []itemSummary{
				{GUID: "note-1", Link: "{base}/feeds/notes/1", Title: "Le marché flottant de Cái Răng", Published: "2024-07-01T05:30:00+07:00"},
				{GUID: "https://notes.example/notes/2", Link: "https://notes.example/notes/2", Title: "Sans url, id en URL", Published: "2024-07-02T06:00:00Z"},
			},
		},
		{
			name: "rss-served-as-text-plain", file: "rss.xml", ctype: "text/plain",
			want: []itemSummary{
				{GUID: "courrier-1001", Link: "{base}/actualites/metro-hanoi.html", Title: "Hanoï inaugure une nouvelle ligne de métro", Published: "2024-05-01T08:30:00+07:00"},
				{GUID: "https://courrier.example/permalien/1002", Link: "https://courrier.example/permalien/1002", Title: "Un permalien sans lien", Published: "2024-05-02T19:05:00+07:00"},
				{Title: "Une brève sans lien ni guid"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr, base, err := fetchFrom(t, Options{}, testkit.Serve(t, tt.ctype, fixture(t, tt.file), tt.gzip), "/feeds/index", fetch.Validators{})
			if err != nil {
				t.Fatal(err)
			}
			if fr.NotModified {
				t.Error("NotModified on a 200")
			}
			got := summarize(fr.Items, base)
			if len(got) != len(tt.want) {
				t.Fatalf("%d items, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestFetchFeedKeepsZoneOffset(t *testing.T) {
	fr, _, err := fetchFrom(t, Options{}, testkit.Serve(t, "application/rss+xml", fixture(t, "rss.xml"), true), "/rss", fetch.Validators{})
	if err != nil {
		t.Fatal(err)
	}
	if _, off := fr.Items[0].Published.Zone(); off != 7*3600 {
		t.Errorf("zone offset %ds, want +0700 (25200s)", off)
	}
	if want := time.Date(2024, 5, 1, 1, 30, 0, 0, time.UTC); !fr.Items[0].Published.Equal(want) {
		t.Errorf("published %v, want the instant %v", fr.Items[0].Published, want)
	}
}

func TestFetchFeedResolvesLinksAgainstFinalURL(t *testing.T) {
	feed := []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>up</title><link>../../articles/1.html</link><guid>a</guid></item>
<item><title>sibling</title><link>2.html</link><guid>b</guid></item>
<item><title>root</title><link>/3.html</link><guid>c</guid></item>
<item><title>absolute</title><link>https://elsewhere.example/4.html</link><guid>d</guid></item>
</channel></rss>`)
	mux := http.NewServeMux()
	mux.Handle("/old.xml", http.RedirectHandler("/feeds/news/rss.xml", http.StatusMovedPermanently))
	mux.Handle("/feeds/news/rss.xml", testkit.Serve(t, "application/rss+xml", feed, false))
	fr, base, err := fetchFrom(t, Options{}, mux, "/old.xml", fetch.Validators{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{base + "/articles/1.html", base + "/feeds/news/2.html", base + "/3.html", "https://elsewhere.example/4.html"}
	if len(fr.Items) != len(want) {
		t.Fatalf("%d items, want %d", len(fr.Items), len(want))
	}
	for i, it := range fr.Items {
		if it.Link != want[i] {
			t.Errorf("item %q: link %q, want %q", it.Title, it.Link, want[i])
		}
	}
}

func TestFetchFeedConditionalGet(t *testing.T) {
	const etag, lastMod = `"v2"`, "Sat, 01 Jun 2024 10:00:00 GMT"
	tests := []struct {
		name             string
		sent             fetch.Validators
		wantNotModified  bool
		wantIfNoneMatch  string
		wantIfModSince   string
		wantETag, wantLM string
	}{
		{name: "first-poll-sends-no-validators", wantETag: etag, wantLM: lastMod},
		{name: "matching-etag-gets-304", sent: fetch.Validators{ETag: etag}, wantIfNoneMatch: etag, wantNotModified: true, wantETag: etag},
		{name: "last-modified-gets-304", sent: fetch.Validators{LastModified: lastMod}, wantIfModSince: lastMod, wantNotModified: true, wantLM: lastMod},
		{name: "both-validators-sent", sent: fetch.Validators{ETag: etag, LastModified: lastMod}, wantIfNoneMatch: etag, wantIfModSince: lastMod, wantNotModified: true, wantETag: etag, wantLM: lastMod},
		{name: "stale-etag-gets-the-feed-and-new-validators", sent: fetch.Validators{ETag: `"v1"`}, wantIfNoneMatch: `"v1"`, wantETag: etag, wantLM: lastMod},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var inm, ims atomic.Value
			h := func(w http.ResponseWriter, r *http.Request) {
				inm.Store(r.Header.Get("If-None-Match"))
				ims.Store(r.Header.Get("If-Modified-Since"))
				w.Header().Set("ETag", etag)
				w.Header().Set("Last-Modified", lastMod)
				if r.Header.Get("If-None-Match") == etag || (r.Header.Get("If-None-Match") == "" && r.Header.Get("If-Modified-Since") == lastMod) {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				testkit.Serve(t, "application/rss+xml", fixture(t, "rss.xml"), false)(w, r)
			}
			fr, _, err := fetchFrom(t, Options{}, http.HandlerFunc(h), "/rss", tt.sent)
			if err != nil {
				t.Fatal(err)
			}
			if got := inm.Load(); got != tt.wantIfNoneMatch {
				t.Errorf("server saw If-None-Match %q, want %q", got, tt.wantIfNoneMatch)
			}
			if got := ims.Load(); got != tt.wantIfModSince {
				t.Errorf("server saw If-Modified-Since %q, want %q", got, tt.wantIfModSince)
			}
			if fr.NotModified != tt.wantNotModified {
				t.Errorf("NotModified = %v, want %v", fr.NotModified, tt.wantNotModified)
			}
			if fr.NotModified && len(fr.Items) != 0 {
				t.Errorf("%d items on a 304", len(fr.Items))
			}
			if !fr.NotModified && len(fr.Items) == 0 {
				t.Error("no items on a 200")
			}
			if fr.ETag != tt.wantETag || fr.LastModified != tt.wantLM {
				t.Errorf("validators (%q, %q), want (%q, %q)", fr.ETag, fr.LastModified, tt.wantETag, tt.wantLM)
			}
		})
	}
}

func TestFetchFeedStatusErrors(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter string
		wantKind   fetch.Kind
		wantRetry  time.Duration
	}{
		{status: http.StatusNotFound, wantKind: fetch.KindNotFound},
		{status: http.StatusGone, wantKind: fetch.KindGone},
		{status: http.StatusForbidden, wantKind: fetch.KindForbidden},
		{status: http.StatusTooManyRequests, retryAfter: "120", wantKind: fetch.KindRateLimited, wantRetry: 2 * time.Minute},
		{status: http.StatusServiceUnavailable, retryAfter: "30", wantKind: fetch.KindServer, wantRetry: 30 * time.Second},
		{status: http.StatusInternalServerError, wantKind: fetch.KindServer},
		{status: http.StatusTeapot, wantKind: fetch.KindStatus},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%s", tt.status, tt.wantKind), func(t *testing.T) {
			h := func(w http.ResponseWriter, r *http.Request) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				http.Error(w, http.StatusText(tt.status), tt.status)
			}
			_, base, err := fetchFrom(t, Options{}, http.HandlerFunc(h), "/rss", fetch.Validators{})
			fe := wantFetchError(t, err, tt.wantKind, tt.status)
			if fe.URL != base+"/rss" {
				t.Errorf("fetch.Error.URL = %q, want the feed URL", fe.URL)
			}
			if fe.RetryAfter != tt.wantRetry {
				t.Errorf("RetryAfter = %v, want %v", fe.RetryAfter, tt.wantRetry)
			}
			if !strings.Contains(err.Error(), fmt.Sprint(tt.status)) {
				t.Errorf("error %q does not name the status", err)
			}
		})
	}
}

func TestFetchFeedUnreadableBody(t *testing.T) {
	tests := []struct {
		name     string
		ctype    string
		body     []byte
		wantKind fetch.Kind
	}{
		{name: "html-challenge-page", ctype: "text/html; charset=utf-8", body: fixture(t, "challenge.html"), wantKind: fetch.KindForbidden},
		{name: "truncated-xml", ctype: "application/rss+xml", body: fixture(t, "invalid.xml"), wantKind: KindParse},
		{name: "not-a-feed-at-all", ctype: "application/xml", body: []byte("<<< this is not xml >>>"), wantKind: KindParse},
		{name: "empty-body", ctype: "application/rss+xml", body: nil, wantKind: KindParse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fr, _, err := fetchFrom(t, Options{}, testkit.Serve(t, tt.ctype, tt.body, false), "/rss", fetch.Validators{})
			if err == nil {
				t.Fatalf("no error; %d items", len(fr.Items))
			}
			wantFetchError(t, err, tt.wantKind, 0)
		})
	}
}

func TestFetchFeedSizeCap(t *testing.T) {
	const limit = 64 << 10
	feed := fixture(t, "rss.xml")
	// padded is the feed grown to exactly n bytes with an XML comment
	// in the channel.
	padded := func(n int) []byte {
		head, rest, _ := bytes.Cut(feed, []byte("<item>"))
		pad := n - len(feed) - len("<!---->\n")
		b := bytes.Join([][]byte{head, []byte("<!--"), bytes.Repeat([]byte("x"), pad), []byte("-->\n<item>"), rest}, nil)
		if len(b) != n {
			t.Fatalf("test setup: padded feed is %d bytes, want %d", len(b), n)
		}
		return b
	}
	tests := []struct {
		name     string
		body     []byte
		gzip     bool
		wantKind fetch.Kind // "" for success
	}{
		{name: "body-at-the-cap-is-read", body: padded(limit)},
		{name: "body-one-byte-over-the-cap", body: padded(limit + 1), wantKind: fetch.KindTooLarge},
		{name: "small-gzip-inflating-past-the-cap", body: padded(64 * limit), gzip: true, wantKind: fetch.KindTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.gzip && len(testkit.Gzipped(t, tt.body)) >= limit {
				t.Fatal("test setup: the compressed body must fit under the cap")
			}
			fr, _, err := fetchFrom(t, Options{MaxBodyBytes: limit}, testkit.Serve(t, "application/rss+xml", tt.body, tt.gzip), "/rss", fetch.Validators{})
			if tt.wantKind == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(fr.Items) != 3 {
					t.Errorf("%d items, want 3", len(fr.Items))
				}
				return
			}
			wantFetchError(t, err, tt.wantKind, 0)
		})
	}
}

func TestFetchFeedRedirects(t *testing.T) {
	const maxRedirects = 4
	tests := []struct {
		name     string
		hops     int // redirects before the feed; -1 loops for ever
		wantErr  bool
		maxFetch int // requests the server may see
	}{
		{name: "chain-under-the-cap-is-followed", hops: maxRedirects - 1},
		{name: "loop-stops-after-max-redirects", hops: -1, wantErr: true, maxFetch: maxRedirects + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int32
			h := func(w http.ResponseWriter, r *http.Request) {
				n := hits.Add(1)
				if tt.hops < 0 {
					http.Redirect(w, r, "/loop", http.StatusFound)
					return
				}
				if int(n) <= tt.hops {
					http.Redirect(w, r, fmt.Sprintf("/hop/%d", n), http.StatusFound)
					return
				}
				testkit.Serve(t, "application/rss+xml", fixture(t, "rss.xml"), false)(w, r)
			}
			fr, _, err := fetchFrom(t, Options{MaxRedirects: maxRedirects}, http.HandlerFunc(h), "/loop", fetch.Validators{})
			if !tt.wantErr {
				if err != nil {
					t.Fatal(err)
				}
				if len(fr.Items) == 0 {
					t.Error("no items")
				}
				return
			}
			var fe *fetch.Error
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *fetch.Error", err)
			}
			if !strings.Contains(err.Error(), "redirect") {
				t.Errorf("error %q does not say it was a redirect loop", err)
			}
			if n := int(hits.Load()); n > tt.maxFetch {
				t.Errorf("server saw %d requests, want at most %d", n, tt.maxFetch)
			}
		})
	}
}

// TestFetchFeedFollowsExactlyMaxRedirects: MaxRedirects is the number of
// redirects followed; a chain of exactly that many reaches the feed.
func TestFetchFeedFollowsExactlyMaxRedirects(t *testing.T) {
	var hits atomic.Int32
	h := func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			http.Redirect(w, r, "/moved", http.StatusMovedPermanently)
			return
		}
		testkit.Serve(t, "application/rss+xml", fixture(t, "rss.xml"), false)(w, r)
	}
	if _, _, err := fetchFrom(t, Options{MaxRedirects: 1}, http.HandlerFunc(h), "/rss", fetch.Validators{}); err != nil {
		t.Fatalf("one redirect with MaxRedirects 1: %v", err)
	}
}

func TestFetchFeedTimeout(t *testing.T) {
	tests := []struct {
		name string
		h    http.HandlerFunc
	}{
		{name: "no-headers", h: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done()
		}},
		{name: "body-stalls-after-headers", h: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			if _, err := w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel>`)); err != nil {
				t.Error(err)
			}
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := fetchFrom(t, Options{Timeout: 200 * time.Millisecond}, tt.h, "/rss", fetch.Validators{})
			wantFetchError(t, err, fetch.KindTimeout, 0)
		})
	}
}

func TestFetchFeedCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	}))
	defer srv.Close()
	_, err := feedCrawler(t, localOptions(Options{})).fetchFeed(ctx, srv.URL, nil, fetch.Validators{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestDCModifiedIsAnUpdate(t *testing.T) {
	doc := `<?xml version="1.0"?><rss version="2.0" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>t</title>
<item><title>A</title><link>https://news.example/a</link><pubDate>Mon, 03 Mar 2025 08:00:00 +0000</pubDate><dcterms:modified>2025-03-04T09:30:00Z</dcterms:modified></item>
<item><title>B</title><link>https://news.example/b</link><pubDate>Mon, 03 Mar 2025 08:00:00 +0000</pubDate></item></channel></rss>`
	base, _ := url.Parse("https://news.example/rss")
	f, err := parseFeed([]byte(doc), base)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.items[0].Updated, time.Date(2025, 3, 4, 9, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("item with dcterms:modified: Updated %v, want %v", got, want)
	}
	if !f.items[1].Updated.IsZero() {
		t.Errorf("item without: Updated %v, want zero", f.items[1].Updated)
	}
}
