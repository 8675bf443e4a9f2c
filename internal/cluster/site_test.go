package cluster

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/depeche-archiver/depeche/internal/testkit"
)

// site is an httptest server that answers for many hosts (feedNNN.test):
// each has a feed listing its articles and the articles' pages. It logs
// who asked for what.
type site struct {
	srv *httptest.Server
	mu  sync.Mutex
	// items is how many articles each host's feed lists.
	items map[string]int
	// log counts requests by host, path and User-Agent.
	log map[string]map[string]int
	// notModified counts the feed requests answered 304.
	notModified int
	// failing pages (host+path) are answered 503.
	failing map[string]bool
	// sameAs makes a page (host+path) the page of another host+path.
	sameAs map[string]string
}

func newSite(t testing.TB) *site {
	s := &site{items: map[string]int{}, log: map[string]map[string]int{}, failing: map[string]bool{}, sameAs: map[string]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// setItems makes host's feed list n articles.
func (s *site) setItems(host string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[host] = n
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	s.mu.Lock()
	key := host + r.URL.Path
	if s.log[key] == nil {
		s.log[key] = map[string]int{}
	}
	s.log[key][r.UserAgent()]++
	n := s.items[host]
	failing, page := s.failing[key], s.sameAs[key]
	s.mu.Unlock()
	switch {
	case failing:
		http.Error(w, "try again later", http.StatusServiceUnavailable)
	case r.URL.Path == "/feed.xml":
		etag := fmt.Sprintf(`"%s-%d"`, host, n)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.notModified++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>http://%s/</link>`, host, r.Host)
		for i := n - 1; i >= 0; i-- {
			fmt.Fprintf(w, `<item><title>Report %d from %s</title><link>http://%s/story/%d</link><guid>%s-%d</guid></item>`, i, host, r.Host, i, host, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case strings.HasPrefix(r.URL.Path, "/story/"):
		if page == "" {
			page = key
		}
		host, story, _ := strings.Cut(page, "/story/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Report %s from %s</title></head><body><article><h1>Report %s from %s</h1>`, story, host, story, host)
		fmt.Fprint(w, testkit.StoryText(page))
		fmt.Fprint(w, `</article></body></html>`)
	default:
		http.NotFound(w, r)
	}
}

// setFailing makes the page at host and path answer 503, or stop doing so.
func (s *site) setFailing(host, path string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[host+path] = on
}

// setSameAs makes the page at host and path the page at other host and
// path: one article under two links.
func (s *site) setSameAs(host, path, otherHost, otherPath string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sameAs[host+path] = otherHost + otherPath
}

// requests returns the requests for host and path by User-Agent.
func (s *site) requests(host, path string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for ua, n := range s.log[host+path] {
		out[ua] = n
	}
	return out
}

// transport sends every request to the site, whatever its host.
func (s *site) transport() http.RoundTripper {
	addr := s.srv.Listener.Addr().String()
	return &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
}

// feedURL is the feed of host, at the site's port.
func (s *site) feedURL(host string) string {
	_, port, _ := net.SplitHostPort(s.srv.Listener.Addr().String())
	return "http://" + host + ":" + port + "/feed.xml"
}
