package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// pastSite is a news site with a past: a live feed whose RFC 5005
// prev-archive links chain through two archive documents, numbered HTML
// listing pages, and a sitemap index of two monthly sitemaps of 250
// articles each. It counts the requests for each path.
type pastSite struct {
	*httptest.Server
	pathCounts
}

func newPastSite(t *testing.T) *pastSite {
	t.Helper()
	s := &pastSite{}
	s.Server = newCountingServer(t, &s.pathCounts, s.serve)
	return s
}

// pathCounts counts the requests a test site answered, by path.
type pathCounts struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *pathCounts) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[path]
}

// newCountingServer serves h, counting each request's path in c first.
func newCountingServer(t *testing.T, c *pathCounts, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	c.counts = map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.counts[r.URL.Path]++
		c.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (s *pastSite) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/feed.xml":
		fmt.Fprint(w, s.feedDoc("live", "/archive/2.xml"))
	case p == "/archive/2.xml":
		fmt.Fprint(w, s.feedDoc("a2", "/archive/1.xml"))
	case p == "/archive/1.xml":
		fmt.Fprint(w, s.feedDoc("a1", ""))
	case strings.HasPrefix(p, "/list/") && p <= "/list/4.html":
		s.listing(w, strings.TrimSuffix(strings.TrimPrefix(p, "/list/"), ".html"))
	case p == "/sitemap_index.xml":
		fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%[1]s/sitemaps/news-2025-04.xml</loc></sitemap><sitemap><loc>%[1]s/sitemaps/news-2025-03.xml</loc></sitemap></sitemapindex>`, s.URL)
	case strings.HasPrefix(p, "/sitemaps/news-2025-0"):
		s.sitemap(w, strings.TrimSuffix(strings.TrimPrefix(p, "/sitemaps/news-2025-"), ".xml"))
	case strings.HasPrefix(p, "/a/"):
		pastArticle(w, p)
	default:
		http.NotFound(w, r)
	}
}

// feedDoc is an RSS document of three items, linking to prev when set.
func (s *pastSite) feedDoc(name, prev string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>past</title>`)
	if prev != "" {
		fmt.Fprintf(&b, `<atom:link rel="prev-archive" href="%s"/>`, prev)
	}
	for i := range 3 {
		fmt.Fprintf(&b, `<item><title>%[1]s %[2]d</title><link>%[3]s/a/%[1]s-%[2]d.html</link><guid>%[1]s-%[2]d</guid></item>`, name, i, s.URL)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func (s *pastSite) listing(w http.ResponseWriter, n string) {
	fmt.Fprint(w, `<html><body><nav><a href="/">Accueil</a> <a href="/list/2.html">suite</a></nav><ul>`)
	for i := range 5 {
		fmt.Fprintf(w, `<li><a href="/a/page%s-%d.html">article %d</a></li>`, n, i, i)
	}
	fmt.Fprint(w, `</ul></body></html>`)
}

func (s *pastSite) sitemap(w http.ResponseWriter, month string) {
	fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for i := range 250 {
		fmt.Fprintf(w, `<url><loc>%s/a/m%s-%03d.html</loc><lastmod>2025-%s-%02dT08:00:00+07:00</lastmod></url>`, s.URL, month, i, month, 1+i%28)
	}
	fmt.Fprint(w, `</urlset>`)
}

func pastArticle(w http.ResponseWriter, path string) {
	fmt.Fprintf(w, `<html lang="fr"><head><title>Article %[1]s</title></head><body><article><h1>Article %[1]s</h1>
<p>Le marché de la place centrale a rouvert ce matin après trois semaines de travaux (%[1]s).</p>
<p>Les commerçants ont retrouvé leurs emplacements et les clients sont revenus nombreux dès l’ouverture.</p>
</article></body></html>`, path)
}

// articleFetches returns how many article pages were fetched, and the
// most times any one was.
func (s *pastSite) articleFetches() (total, most int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, n := range s.counts {
		if strings.HasPrefix(p, "/a/") {
			total += n
			most = max(most, n)
		}
	}
	return total, most
}

func (s *pastSite) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

func backfillCrawler(t testing.TB) (*Crawler, *store.DB) {
	return archivingCrawler(t, Options{AllowPrivateNetworks: true, HostParallel: 8, Workers: 8})
}

func (s *pastSite) options() BackfillOptions {
	return BackfillOptions{
		PageTemplate: s.URL + "/list/{n}.html",
		Match:        `/a/[^/]+\.html$`,
		Sitemaps:     []string{s.URL + "/sitemap_index.xml"},
	}
}

func TestBackfillFollowsEveryStrategy(t *testing.T) {
	t.Parallel()
	site := newPastSite(t)
	c, db := backfillCrawler(t)
	feed := store.Feed{Name: "past", URL: site.URL + "/feed.xml", Interval: time.Hour}
	got, err := c.Backfill(t.Context(), feed, site.options())
	if err != nil {
		t.Fatal(err)
	}
	const want = 9 + 15 + 500 // archive chain, listings 2-4, sitemaps
	if got.Archived != want || got.Failed != 0 {
		t.Errorf("backfill archived %d (failed %d), want %d: %+v", got.Archived, got.Failed, want, got)
	}
	if n, err := db.Count(); err != nil || n != want {
		t.Errorf("archive holds %d (err %v), want %d", n, err, want)
	}
	if perArticle := float64(site.requests()) / float64(want); perArticle > 1.05 {
		t.Errorf("%d requests for %d articles: %.3f per article, want at most 1.05", site.requests(), want, perArticle)
	}
}

func TestBackfillResumesWithoutFetchingAgain(t *testing.T) {
	t.Parallel()
	site := newPastSite(t)
	c, db := backfillCrawler(t)
	feed := store.Feed{Name: "past", URL: site.URL + "/feed.xml", Interval: time.Hour}
	o := site.options()
	o.Max = 100
	first, err := c.Backfill(t.Context(), feed, o)
	if err != nil {
		t.Fatal(err)
	}
	if first.Archived < 100 || first.Archived > 100+8 { // workers in flight may finish
		t.Errorf("first run archived %d, want about 100 (-max)", first.Archived)
	}
	o.Max = 0
	if _, err := c.Backfill(t.Context(), feed, o); err != nil {
		t.Fatal(err)
	}
	if n, err := db.Count(); err != nil || n != 524 {
		t.Errorf("after resuming the archive holds %d (err %v), want 524", n, err)
	}
	if total, most := site.articleFetches(); most != 1 || total != 524 {
		t.Errorf("article pages fetched %d times, one of them %d times: want each once", total, most)
	}
}

func TestBackfillDateBounds(t *testing.T) {
	site := newPastSite(t)
	c, _ := backfillCrawler(t)
	feed := store.Feed{Name: "past", URL: site.URL + "/feed.xml", Interval: time.Hour}
	o := BackfillOptions{
		Strategies: []string{"sitemap"},
		Sitemaps:   []string{site.URL + "/sitemap_index.xml"},
		Since:      time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC),
		Until:      time.Date(2025, 4, 15, 0, 0, 0, 0, time.UTC),
	}
	got, err := c.Backfill(t.Context(), feed, o)
	if err != nil {
		t.Fatal(err)
	}
	// April 1-14 (at 08:00+07:00, i.e. 01:00 UTC): 9 days of each 28-day
	// cycle hold 9 articles (0-8, 28-36, ...), 5 days 8.
	if got.Archived == 0 || got.Archived >= 250 {
		t.Errorf("archived %d, want only April's first two weeks", got.Archived)
	}
	if total, _ := site.articleFetches(); total != got.Archived {
		t.Errorf("%d article pages fetched for %d archived: out-of-bounds URLs must not be fetched", total, got.Archived)
	}
}

// BenchmarkBackfill5000 backfills 5,000 articles listed by a sitemap index
// of 20 sitemaps from a loopback site, into a fresh archive each time, and
// reports articles/s and requests per archived article (target <= 1.05).
//
//	go test -run - -bench Backfill5000 -benchtime 1x ./crawler
func BenchmarkBackfill5000(b *testing.B) {
	const perSitemap, sitemaps = 250, 20
	var requests atomic.Int64
	var srvURL string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		switch p := r.URL.Path; {
		case p == "/sitemap.xml":
			fmt.Fprint(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range sitemaps {
				fmt.Fprintf(w, `<sitemap><loc>%s/sitemaps/%d.xml</loc></sitemap>`, srvURL, i)
			}
			fmt.Fprint(w, `</sitemapindex>`)
		case strings.HasPrefix(p, "/sitemaps/"):
			fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
			for i := range perSitemap {
				fmt.Fprintf(w, `<url><loc>%s/a/%s-%d.html</loc></url>`, srvURL, strings.TrimSuffix(p[len("/sitemaps/"):], ".xml"), i)
			}
			fmt.Fprint(w, `</urlset>`)
		case strings.HasPrefix(p, "/a/"):
			pastArticle(w, p)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	srvURL = srv.URL
	feed := store.Feed{Name: "bench", URL: srv.URL + "/feed.xml", Interval: time.Hour}
	o := BackfillOptions{Strategies: []string{"sitemap"}, Sitemaps: []string{srv.URL + "/sitemap.xml"}}
	var archived int
	var took time.Duration
	for b.Loop() {
		b.StopTimer()
		c, db := backfillCrawler(b)
		requests.Store(0)
		b.StartTimer()
		start := time.Now()
		p, err := c.Backfill(b.Context(), feed, o)
		took += time.Since(start)
		if err != nil || p.Archived != perSitemap*sitemaps {
			b.Fatalf("archived %d, err %v", p.Archived, err)
		}
		archived += p.Archived
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(archived)/took.Seconds(), "articles/s")
	b.ReportMetric(float64(requests.Load())/float64(perSitemap*sitemaps), "requests/article")
}

// After a poll that read the live feed and archived all of it, the
// archive chain starts at the feed's prev-archive link: the feed is read
// once. After a poll with a failed item, the chain reads it again, which
// gives that item another try.
func TestBackfillAfterPollReadsLiveFeedOnce(t *testing.T) {
	for _, tc := range []struct {
		name       string
		failed     int
		feedReads  int
		pastRounds int // requests the walk counts
	}{
		{"poll-archived-everything", 0, 1, 2},
		{"poll-left-a-failure", 1, 2, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := newPastSite(t)
			c, db := backfillCrawler(t)
			feed := store.Feed{Name: "past", URL: site.URL + "/feed.xml", Interval: time.Hour}
			sums, errs := c.PollAll(t.Context(), []store.Feed{feed})
			if errs[0] != nil || sums[0].New != 3 || sums[0].Older != site.URL+"/archive/2.xml" {
				t.Fatalf("poll = %+v, %v; want 3 new and the prev-archive link", sums[0], errs[0])
			}
			sums[0].Failed = tc.failed
			o := BackfillOptions{Strategies: []string{"archive"}, Polled: &sums[0]}
			got, err := c.Backfill(t.Context(), feed, o)
			if err != nil || got.Archived != 6 || got.Requests != tc.pastRounds {
				t.Fatalf("backfill = %+v, %v; want the 6 archived items in %d requests", got, err, tc.pastRounds)
			}
			if reads := site.count("/feed.xml"); reads != tc.feedReads {
				t.Errorf("the live feed was read %d times, want %d", reads, tc.feedReads)
			}
			if n, err := db.Count(); err != nil || n != 9 {
				t.Errorf("archive holds %d (%v), want 9", n, err)
			}
		})
	}
}
