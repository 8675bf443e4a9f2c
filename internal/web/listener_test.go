package web

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// mounted serves s's interface as the daemon does, inside the API's
// server on loopback without a token, and returns its base URL.
func (s *site) mounted(t *testing.T) string {
	t.Helper()
	feeds := func() []store.Feed { return []store.Feed{{Name: "quotidien", URL: "https://example.test/rss"}} }
	srv := httptest.NewServer(api.NewServer(api.Options{
		DB: s.db, States: s.db.FeedStates, Feeds: feeds, Running: func() bool { return true },
		Search: api.NewSearcher(s.ix, s.db, api.SearchLimits{}), UI: s.ui.Handler(), Listen: "127.0.0.1:8077",
	}).Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// send sends method to u with the Host host ("" for the URL's) and
// returns the response and its body.
func send(t *testing.T, method, u, host string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	return testkit.Send(t, http.DefaultTransport.RoundTrip, req) // no redirects followed
}

// pagePaths are the interface's routes over s's archive.
func (s *site) pagePaths() []string {
	id := strconv.FormatUint(s.revised, 10)
	return []string{"/", "/articles", "/articles?feed=quotidien", "/articles/" + id, "/articles/" + id + "/capture",
		"/search?q=port", "/static/style.css", "/login"}
}

// TestRebindingReadsNoPage: a page whose name was made to resolve to the
// daemon's machine asks for the interface's pages with its own name as
// Host; each answer is 421 and shows nothing of the archive.
func TestRebindingReadsNoPage(t *testing.T) {
	s := newSite(t)
	base := s.mounted(t)
	port := base[strings.LastIndexByte(base, ':')+1:]
	for _, path := range append(s.pagePaths(), "/export", "/backup", "/feeds", "/search?format=json&q=port") {
		for _, host := range []string{"attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example:" + port} {
			resp, body := send(t, http.MethodGet, base+path, host)
			if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(body, "hosts:") {
				t.Errorf("GET %s with Host %q = %s %.80q, want 421", path, host, resp.Status, body)
			}
			for _, secret := range []string{"Le port", "captured", "quotidien", "élections"} {
				if strings.Contains(body, secret) {
					t.Errorf("GET %s with Host %q shows %q", path, host, secret)
				}
			}
		}
		if resp, body := send(t, http.MethodGet, base+path, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %s %.80q, want 200", path, resp.Status, body)
		}
	}
}

// TestMountedWrongMethods: every route of the interface and of the API,
// served together, answers a method it does not take with 405 and Allow.
func TestMountedWrongMethods(t *testing.T) {
	s := newSite(t)
	base := s.mounted(t)
	paths := append(s.pagePaths(), "/export", "/backup", "/feeds", "/items", "/revisits", "/revisions", "/healthz")
	for _, path := range paths {
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
			if path == "/login" && m == http.MethodPost {
				continue
			}
			resp, body := send(t, m, base+path, "")
			if resp.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(resp.Header.Get("Allow"), "GET") {
				t.Errorf("%s %s = %s (Allow %q) %.60q, want 405 allowing GET", m, path, resp.Status, resp.Header.Get("Allow"), body)
			}
		}
	}
}

// TestMountedHeaders: every page, download and error of the interface,
// served by the daemon's listener, carries the security headers; the
// captured page's CSP sandboxes it besides.
func TestMountedHeaders(t *testing.T) {
	s := newSite(t)
	base := s.mounted(t)
	paths := append(s.pagePaths(), "/articles/999", "/articles/abc", "/nothing-here", "/search?q=%22open", "/export", "/feeds")
	for _, path := range paths {
		resp, _ := send(t, http.MethodGet, base+path, "")
		h := resp.Header
		csp := "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
		if strings.HasSuffix(path, "/capture") {
			csp = "sandbox; default-src 'none'"
		}
		if h.Get("Content-Security-Policy") != csp || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("GET %s (%s): headers %v, want the security headers with CSP %q", path, resp.Status, h, csp)
		}
	}
}

// TestLoginFormKeepsOnlyLocalPaths: the form carries on a next of this
// origin and turns any other into "/".
func TestLoginFormKeepsOnlyLocalPaths(t *testing.T) {
	s := newSite(t)
	for next, want := range map[string]string{
		"%2F%09%2Fevil.example":  `value="/"`,
		"%2F.%2F%5Cevil.example": `value="/"`,
		"%2F%2Fevil.example":     `value="/"`,
		"https%3A%2F%2Fevil.ex":  `value="/"`,
		"%2Farticles%3Ffeed%3Da": `value="/articles?feed=a"`,
	} {
		resp, body := get(t, s.url, "/login?next="+next)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) || strings.Contains(body, "evil") {
			t.Errorf("login form with next=%s: %s, want a form with %s", next, resp.Status, want)
		}
	}
}
