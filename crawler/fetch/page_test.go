package fetch

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/depeche-archiver/depeche/internal/testkit"
)

// pageServer serves pages by path; robots, when not "", is its robots.txt.
// robotsHits counts requests for robots.txt.
func pageServer(t *testing.T, robots string, robotsHits *atomic.Int32) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robotsHits != nil {
			robotsHits.Add(1)
		}
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		if _, err := w.Write([]byte(robots)); err != nil {
			t.Error(err)
		}
	})
	article := fixture(t, "article-1.html")
	for _, p := range []string{"/article", "/public/x", "/private/x", "/privateer"} {
		mux.Handle(p, testkit.Serve(t, "text/html; charset=utf-8", article, false))
	}
	mux.Handle("/plain", testkit.Serve(t, "text/html", article, false))
	mux.Handle("/old", http.RedirectHandler("/article", http.StatusMovedPermanently))
	mux.Handle("/short", http.RedirectHandler("/old", http.StatusFound))
	mux.Handle("/cp1252", testkit.Serve(t, "text/html; charset=windows-1252", fixture(t, "windows-1252.html"), false))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchPage(t *testing.T) {
	srv := pageServer(t, "", nil)
	tests := []struct {
		name       string
		path       string
		wantPath   string // of Page.URL
		wantCT     string
		wantInBody string
	}{
		{name: "plain-page", path: "/article", wantPath: "/article", wantCT: "text/html; charset=utf-8", wantInBody: "pont suspendu"},
		{name: "redirects-give-the-final-url", path: "/short", wantPath: "/article", wantCT: "text/html; charset=utf-8", wantInBody: "pont suspendu"},
		{name: "header-charset-windows-1252-becomes-utf-8", path: "/cp1252", wantPath: "/cp1252", wantCT: "text/html; charset=utf-8", wantInBody: "Le café coûte désormais 3 € au comptoir : « c’est trop »"},
		{name: "content-type-without-charset-is-left-alone", path: "/plain", wantPath: "/plain", wantCT: "text/html", wantInBody: "pont suspendu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := fetchPage(t, context.Background(), srv.URL+tt.path, localOptions(Options{}))
			if err != nil {
				t.Fatal(err)
			}
			if p.URL != srv.URL+tt.wantPath {
				t.Errorf("URL = %q, want %q", p.URL, srv.URL+tt.wantPath)
			}
			if p.ContentType != tt.wantCT {
				t.Errorf("ContentType = %q, want %q", p.ContentType, tt.wantCT)
			}
			if !utf8.Valid(p.Body) {
				t.Error("body is not valid UTF-8")
			}
			if !bytes.Contains(p.Body, []byte(tt.wantInBody)) {
				t.Errorf("body lacks %q:\n%s", tt.wantInBody, p.Body)
			}
		})
	}
}

func TestFetchPageErrors(t *testing.T) {
	srv := pageServer(t, "", nil)
	tests := []struct {
		name       string
		path       string
		wantKind   Kind
		wantStatus int
	}{
		{name: "404-is-not-found", path: "/missing", wantKind: KindNotFound, wantStatus: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fetchPage(t, context.Background(), srv.URL+tt.path, localOptions(Options{}))
			fe := wantFetchError(t, err, tt.wantKind, tt.wantStatus)
			if fe.URL != srv.URL+tt.path {
				t.Errorf("Error.URL = %q, want the page URL", fe.URL)
			}
		})
	}
}

func TestFetchPageObeysRobotsTxt(t *testing.T) {
	var hits atomic.Int32
	srv := pageServer(t, "User-agent: *\nDisallow: /private/\n", &hits)
	tests := []struct {
		path        string
		wantBlocked bool
	}{
		{path: "/private/x", wantBlocked: true},
		{path: "/public/x"},
		{path: "/privateer"}, // "/private/" is a prefix with its slash
	}
	for _, tt := range tests {
		t.Run(strings.Trim(tt.path, "/"), func(t *testing.T) {
			before := hits.Load()
			p, err := fetchPage(t, context.Background(), srv.URL+tt.path, localOptions(Options{UserAgent: "depeche-test/1"}))
			if hits.Load() == before {
				t.Error("robots.txt was not read")
			}
			if tt.wantBlocked {
				wantFetchError(t, err, KindBlocked, 0)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Body) == 0 {
				t.Error("empty body")
			}
		})
	}
}

func TestFetchPageSizeCap(t *testing.T) {
	const limit = 32 << 10
	page := func(n int) []byte {
		head := []byte("<!DOCTYPE html><html><body><p>")
		tail := []byte("</p></body></html>")
		return bytes.Join([][]byte{head, bytes.Repeat([]byte("a"), n-len(head)-len(tail)), tail}, nil)
	}
	tests := []struct {
		name     string
		body     []byte
		gzip     bool
		wantKind Kind
	}{
		{name: "at-the-cap-is-fetched", body: page(limit)},
		{name: "one-byte-over-the-cap", body: page(limit + 1), wantKind: KindTooLarge},
		{name: "gzip-inflating-past-the-cap", body: page(100 * limit), gzip: true, wantKind: KindTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.Handle("/page", testkit.Serve(t, "text/html; charset=utf-8", tt.body, tt.gzip))
			srv := httptest.NewServer(mux) // robots.txt: 404, no rules
			defer srv.Close()
			p, err := fetchPage(t, context.Background(), srv.URL+"/page", localOptions(Options{MaxBodyBytes: limit}))
			if tt.wantKind == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Body) != len(tt.body) {
					t.Errorf("body of %d bytes, want %d", len(p.Body), len(tt.body))
				}
				return
			}
			wantFetchError(t, err, tt.wantKind, 0)
		})
	}
}
