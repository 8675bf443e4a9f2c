package crawler

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// sitemapSite serves testdata/crawler/sitemaps/<case>, then .../common,
// with {site} replaced by its own URL, and an article page at every
// /articles/ and /brouillons/ path. It counts the requests for each path.
type sitemapSite struct {
	*httptest.Server
	pathCounts
	dirs []string
}

func newSitemapSite(t *testing.T, name string) *sitemapSite {
	t.Helper()
	root := filepath.Join("..", "testdata", "crawler", "sitemaps")
	s := &sitemapSite{dirs: []string{filepath.Join(root, name), filepath.Join(root, "common")}}
	s.Server = newCountingServer(t, &s.pathCounts, s.serve)
	return s
}

func (s *sitemapSite) serve(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/articles/") || strings.HasPrefix(r.URL.Path, "/brouillons/") {
		pastArticle(w, r.URL.Path)
		return
	}
	for _, dir := range s.dirs {
		body, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(r.URL.Path)))
		if err == nil {
			w.Write(bytes.ReplaceAll(body, []byte("{site}"), []byte(s.URL)))
			return
		}
	}
	http.NotFound(w, r)
}

func (s *sitemapSite) feed() store.Feed {
	return store.Feed{Name: "gazette", URL: s.URL + "/feed.xml", Interval: time.Hour}
}

// With no settings, backfill reads the feed's archive links, then the
// site's own sitemaps, and keeps the URLs of the feed's host.
func TestBackfillFindsSitemapsWithoutSettings(t *testing.T) {
	feedOnly := SourceProgress{Strategy: "archive", BackfillCounts: BackfillCounts{Discovered: 1, Fetched: 1, Archived: 1, Requests: 1}}
	tests := []struct {
		name     string
		sitemap  BackfillCounts
		archived int
		never    []string // paths that must not be requested
	}{
		{
			// robots.txt names an index of two sitemaps and one that is
			// gone; the feed's own item is not counted twice, another
			// host's page and a robots-disallowed page are not fetched.
			name:     "robots-index",
			sitemap:  BackfillCounts{Discovered: 3, Fetched: 2, Archived: 2, Failed: 1, Requests: 5},
			archived: 3,
			never:    []string{"/brouillons/regates.html", "/sitemap.xml"},
		},
		{
			name:     "sitemap-xml",
			sitemap:  BackfillCounts{Discovered: 2, Fetched: 2, Archived: 2, Requests: 2},
			archived: 3,
		},
		{
			name:     "no-sitemap",
			sitemap:  BackfillCounts{Requests: 2},
			archived: 1,
		},
		{
			name:     "page-at-sitemap-path",
			sitemap:  BackfillCounts{Requests: 2},
			archived: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			site := newSitemapSite(t, tc.name)
			c, db := backfillCrawler(t)
			got, err := c.Backfill(t.Context(), site.feed(), BackfillOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := []SourceProgress{feedOnly, {Strategy: "sitemap", BackfillCounts: tc.sitemap}}
			if len(got.Sources) != 2 || got.Sources[0] != want[0] || got.Sources[1] != want[1] {
				t.Errorf("sources = %+v\nwant      %+v", got.Sources, want)
			}
			if got.Archived != tc.archived {
				t.Errorf("archived %d in total, want %d", got.Archived, tc.archived)
			}
			if n, err := db.Count(); err != nil || n != tc.archived {
				t.Errorf("archive holds %d (err %v), want %d", n, err, tc.archived)
			}
			for _, p := range tc.never {
				if n := site.count(p); n != 0 {
					t.Errorf("%s was requested %d times, want never", p, n)
				}
			}
		})
	}
}

// A second run finds the sitemaps checkpointed: it reads robots.txt
// again, but neither the index nor its sitemaps, nor any article.
func TestBackfillSiteSitemapsResume(t *testing.T) {
	site := newSitemapSite(t, "robots-index")
	c, _ := backfillCrawler(t)
	if _, err := c.Backfill(t.Context(), site.feed(), BackfillOptions{}); err != nil {
		t.Fatal(err)
	}
	again, err := c.Backfill(t.Context(), site.feed(), BackfillOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := again.Sources[1]; s.Requests != 1 || s.Discovered != 0 {
		t.Errorf("second run's sitemap source = %+v, want robots.txt read and nothing else", s)
	}
	for _, p := range []string{"/plan/index.xml", "/plan/2025-05.xml", "/plan/2025-06.xml", "/articles/peniche.html", "/articles/passerelle.html"} {
		if n := site.count(p); n != 1 {
			t.Errorf("%s was requested %d times over two runs, want once", p, n)
		}
	}
}

// A sitemap the settings name must be there: its absence is an error,
// where a site without sitemaps of its own is not.
func TestBackfillNamedSitemapMissing(t *testing.T) {
	site := newSitemapSite(t, "no-sitemap")
	c, _ := backfillCrawler(t)
	o := BackfillOptions{Sitemaps: []string{site.URL + "/plan.xml"}}
	got, err := c.Backfill(t.Context(), site.feed(), o)
	if KindOf(err) != fetch.KindNotFound || !strings.Contains(err.Error(), "/plan.xml") {
		t.Fatalf("err = %v, want not_found naming the sitemap", err)
	}
	if got.Archived != 1 {
		t.Errorf("archived %d, want the feed's item before the error", got.Archived)
	}
}
