package main

import (
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// testSites serves testdata/e2e/<host>/<path> for any host: the crawler
// reaches it as its HTTP proxy, so pages keep their real host names
// (fr.vietnamplus.vn, www.vietnam.vn) and the built-in site rules apply.
// It speaks real HTTP: gzip, ETag and 304, 404, and records requests.
type testSites struct {
	*httptest.Server
	root string

	mu       sync.Mutex
	requests []string        // "host/path?query", in order
	down     map[string]bool // "host/path" answered 503 while set
}

// setDown makes hostPath answer 503 Service Unavailable, or serve again.
func (s *testSites) setDown(hostPath string, down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down == nil {
		s.down = map[string]bool{}
	}
	s.down[hostPath] = down
}

func newTestSites(t *testing.T) *testSites {
	t.Helper()
	s := &testSites{root: filepath.Join("..", "..", "testdata", "e2e")}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *testSites) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Host+r.URL.RequestURI())
	down := s.down[r.Host+r.URL.Path]
	s.mu.Unlock()
	if down {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		return
	}
	path := filepath.Join(s.root, r.Host, filepath.FromSlash(r.URL.Path))
	body, err := os.ReadFile(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", contentType(path, body))
	if strings.HasSuffix(path, ".rss") && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write(body)
		gz.Close()
		return
	}
	w.Write(body)
}

func contentType(path string, body []byte) string {
	switch {
	case strings.HasSuffix(path, ".rss"):
		return "application/rss+xml; charset=utf-8"
	case strings.HasPrefix(string(body), "%PDF-"):
		return "application/pdf"
	case strings.HasSuffix(path, ".html"):
		return "text/html" // the page declares its charset in a meta tag
	default:
		return "text/html; charset=utf-8"
	}
}

// count returns how many requests asked for host+path (query ignored).
func (s *testSites) count(hostPath string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if p, _, _ := strings.Cut(r, "?"); p == hostPath {
			n++
		}
	}
	return n
}

// writeConfig writes a config that archives into dir through the sites.
func (s *testSites) writeConfig(t *testing.T, dir string, feeds ...string) string {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "archive: %s\nallow_private_networks: true\nproxy: %s\n", filepath.Join(dir, "archive.db"), s.URL)
	b.WriteString("host_delay: 5ms\nlisten: 127.0.0.1:0\nlog:\n  level: debug\nfeeds:\n")
	for _, f := range feeds {
		name, url, _ := strings.Cut(f, "=")
		fmt.Fprintf(&b, "  - name: %s\n    url: %s\n", name, url)
	}
	path := filepath.Join(dir, "depeche.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
