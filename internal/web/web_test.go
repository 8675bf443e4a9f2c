package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// now is the test's clock: the fixtures were fetched the day before.
var now = time.Date(2025, 3, 11, 12, 0, 0, 0, time.UTC)

// site is a served interface over a small archive, with the ids of its
// articles: a French one revised then withdrawn, an English one whose
// text holds markup, one from the feed.
type site struct {
	url                    string
	revised, markup, other uint64
	db                     *store.DB
	ix                     *search.Index
	ui                     *UI
}

func newSite(t *testing.T) *site {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "depeche.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fetched := now.Add(-24 * time.Hour)
	s := &site{}
	s.revised = save(t, db, "quotidien", &store.Article{URL: "https://example.test/port", Title: "Le port s'agrandit", Language: "fr",
		Lead: "Les quais changent.", Text: "Les travaux du port commencent lundi.\nLes élections municipales suivront en mars.",
		Fetched: fetched, Published: fetched, Images: []store.Image{{URL: "https://img.example.test/quai.jpg", Caption: "Le quai nord", Credit: "Photo maison"}},
		Capture: &store.Capture{URL: "https://example.test/port", Fetched: fetched, Status: 200, Body: []byte("<html><script>alert(1)</script>captured</html>")}})
	s.markup = save(t, db, "courier", &store.Article{URL: "https://example.test/tags", Title: "Markup <b>stays</b> text", Language: "en",
		Text: "A line with <script>alert('x')</script> and <img src=x onerror=alert(2)> in it.", Fetched: fetched})
	s.other = save(t, db, "courier", &store.Article{URL: "https://example.test/feed-only", Title: "From the feed", Language: "en",
		Source: store.SourceFeed, Text: "Only the feed's summary.", Fetched: fetched})
	a, _ := db.Article(s.revised)
	a.Text = "Les travaux du port commencent mardi.\nLes élections municipales suivront en mars."
	if _, err := db.Revise(s.revised, a, "revisit"); err != nil {
		t.Fatal(err)
	}
	a.Withdrawn, a.WithdrawnStatus = now.Add(-time.Hour), 410
	if _, err := db.Revise(s.revised, a, "revisit"); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	ui, err := New(Options{DB: db, Index: ix, Now: func() time.Time { return now }, Feeds: func() ([]api.FeedStatus, error) {
		return []api.FeedStatus{
			{Name: "quotidien", URL: "https://example.test/rss", State: api.StateOK, LastSuccess: fetched, Articles: 1, Items: api.ItemCounts{Seen: 3, Page: 1}},
			{Name: "courier", URL: "https://example.test/feed.xml", State: api.StateFailing, LastError: "HTTP 503 <Service Unavailable>", Articles: 2},
			{Name: "gazette", URL: "https://reader:s3cr%40t!@gazette.example/rss", State: api.StateFailing, LastError: "HTTP 401 https://reader:s3cr%40t!@gazette.example/rss: Unauthorized"},
			{Name: "bulletin", URL: "https://t0ken@bulletin.example/rss", State: api.StateOK},
		}, nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(ui.Handler())
	t.Cleanup(srv.Close)
	s.url, s.db, s.ix, s.ui = srv.URL, db, ix, ui
	return s
}

func save(t *testing.T, db *store.DB, feed string, a *store.Article) uint64 {
	t.Helper()
	id, _, err := db.Save(a, feed, "")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// get fetches path and returns the response and its body.
func get(t *testing.T, base, path string) (*http.Response, string) {
	t.Helper()
	return testkit.Get(t, base+path)
}

func TestPages(t *testing.T) {
	s := newSite(t)
	id := func(n uint64) string { return strconv.FormatUint(n, 10) }
	tests := []struct {
		name, path string
		code       int
		want, not  []string
	}{
		{"feeds", "/", 200,
			[]string{"quotidien", "courier", `class="state-failing"`, "HTTP 503 &lt;Service Unavailable&gt;", "<svg", "2025-03-10: 2</title>"},
			[]string{"<Service"}},
		{"feeds-without-user-info", "/", 200,
			[]string{"https://***@gazette.example/rss", "HTTP 401 https://***@gazette.example/rss: Unauthorized", "https://***@bulletin.example/rss"},
			[]string{"reader", "s3cr", "t0ken"}},
		{"articles-newest-first", "/articles", 200,
			[]string{"From the feed", "Markup &lt;b&gt;stays&lt;/b&gt; text", "Le port s&#39;agrandit", "withdrawn"},
			[]string{"<b>stays"}},
		{"articles-by-feed", "/articles?feed=quotidien", 200, []string{"Le port"}, []string{"From the feed"}},
		{"articles-by-source", "/articles?source=feed", 200, []string{"From the feed"}, []string{"Le port"}},
		{"articles-by-lang", "/articles?lang=fr", 200, []string{"Le port"}, []string{"Markup"}},
		{"articles-by-date", "/articles?since=2025-03-11", 200, []string{"No articles"}, []string{"Le port"}},
		{"articles-bad-date", "/articles?since=soon", 400, []string{"bad date"}, nil},
		{"article-revised", "/articles/" + id(s.revised), 200,
			[]string{"Withdrawn", "HTTP 410", "Revision 3", "Revision 2", "<del>lundi.", "<ins>mardi.", "Changed: withdrawn", "Changed: text",
				`href="https://img.example.test/quai.jpg"`, "Le quai nord", "Photo maison", `&#34;schema&#34;: &#34;depeche.article/`, "/capture"},
			[]string{"<img", "captured</html>"}},
		{"article-markup-escaped", "/articles/" + id(s.markup), 200,
			[]string{"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;img src=x"},
			[]string{"<script>", "<img src"}},
		{"article-missing", "/articles/999", 404, []string{"not in the archive"}, nil},
		{"article-bad-id", "/articles/abc", 404, nil, nil},
		{"search-highlights", "/search?q=%C3%A9lection", 200, []string{"1 articles match", "<mark>élections</mark>", "Le port"}, nil},
		{"search-excludes", "/search?q=port+-mardi", 200, []string{"0 articles match"}, nil},
		{"search-bad-query", "/search?q=%22open", 400, []string{"not closed"}, nil},
		{"search-too-many-terms", "/search?q=" + strings.Repeat("port+", 33), 400, []string{"33 terms", "limit of 32 terms"}, []string{"articles match"}},
		{"search-too-long", "/search?q=" + strings.Repeat("p", 1025), 400, []string{"limit of 1024 bytes"}, []string{"articles match"}},
		{"search-empty", "/search", 200, []string{`name="q"`}, []string{"articles match"}},
		{"login-form", "/login?next=/articles&failed=1", 401, []string{"not the token", `value="/articles"`}, nil},
		{"stylesheet", "/static/style.css", 200, []string{"mark {"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(t, s.url, tt.path)
			if resp.StatusCode != tt.code {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.code)
			}
			if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page holds %q", n)
				}
			}
		})
	}
}

func TestCaptureIsADownload(t *testing.T) {
	s := newSite(t)
	resp, body := get(t, s.url, "/articles/"+strconv.FormatUint(s.revised, 10)+"/capture")
	if resp.StatusCode != 200 || body != "<html><script>alert(1)</script>captured</html>" {
		t.Fatalf("status %d, body %q", resp.StatusCode, body)
	}
	h := resp.Header
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || h.Get("Content-Type") != "application/octet-stream" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v: want an attachment, octet-stream, sandboxed, nosniff", h)
	}
	if resp, _ := get(t, s.url, "/articles/"+strconv.FormatUint(s.markup, 10)+"/capture"); resp.StatusCode != 404 {
		t.Errorf("article without capture: %d, want 404", resp.StatusCode)
	}
}
