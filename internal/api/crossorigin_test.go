package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

// actingServer serves the API with a reload and a backfill that count
// their runs, and the login form, on loopback with no token: the setting
// a page on another site would attack.
func actingServer(t *testing.T) (srv *httptest.Server, acts *atomic.Int32) {
	t.Helper()
	acts = new(atomic.Int32)
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "0123456789abcdef")
	o.UI = pageUI
	o.Reload = func() (ReloadResult, error) { acts.Add(1); return ReloadResult{}, nil }
	o.Backfill = func(BackfillRequest) (BackfillRun, error) {
		acts.Add(1)
		return func(context.Context, io.Writer) error { return nil }, nil
	}
	srv = httptest.NewServer(NewServer(o).Handler())
	t.Cleanup(srv.Close)
	return srv, acts
}

// TestCrossSiteRequestsAreRefused: a form or a no-cors fetch on another
// site's page POSTs with that site's Origin, a text/plain body, and
// Sec-Fetch-Site: cross-site (or same-site, from a sibling name); each is
// refused 403 and nothing runs. The daemon's own pages (same-origin), a
// request the user typed (none) and the commands (neither header) are
// served.
func TestCrossSiteRequestsAreRefused(t *testing.T) {
	srv, acts := actingServer(t)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	own := "http://" + u.Host
	refused := map[string]http.Header{
		"evil-origin":                {"Origin": {"https://evil.example"}},
		"evil-origin-http":           {"Origin": {"http://evil.example"}},
		"evil-origin-same-port":      {"Origin": {"http://evil.example:" + u.Port()}},
		"null-origin":                {"Origin": {"null"}},
		"own-host-other-port":        {"Origin": {"http://127.0.0.1:1"}},
		"localhost-origin":           {"Origin": {"http://localhost:" + u.Port()}}, // another origin, though the same daemon
		"cross-site":                 {"Sec-Fetch-Site": {"cross-site"}},
		"same-site":                  {"Sec-Fetch-Site": {"same-site"}},
		"cross-site-with-own-origin": {"Sec-Fetch-Site": {"cross-site"}, "Origin": {own}},
		"cross-site-evil-origin":     {"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}},
	}
	served := map[string]http.Header{
		"command-line":      {},
		"same-origin":       {"Sec-Fetch-Site": {"same-origin"}},
		"typed-by-the-user": {"Sec-Fetch-Site": {"none"}},
		"own-origin":        {"Origin": {own}},
	}
	targets := []string{PathReload, PathBackfill + "?restart=1", PathBackfill + "?feed=vna-fr&max=3"}
	for name, h := range refused {
		for _, target := range targets {
			for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
				h := h.Clone()
				h.Set("Content-Type", ct)
				before := acts.Load()
				resp, body := call(t, nil, http.MethodPost, srv.URL+target, h)
				if resp.StatusCode != http.StatusForbidden || acts.Load() != before || !strings.Contains(body, "another site") {
					t.Errorf("%s: POST %s (%s) = %s %q, ran %d times; want 403 and nothing run", name, target, ct, resp.Status, body, acts.Load()-before)
				}
			}
		}
		if resp, _ := call(t, nil, http.MethodPost, srv.URL+PathLogin, h); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: POST /login = %s, want 403 (a login from another site)", name, resp.Status)
		}
	}
	for name, h := range served {
		for _, target := range targets {
			before := acts.Load()
			if resp, body := call(t, nil, http.MethodPost, srv.URL+target, h); resp.StatusCode != http.StatusOK || acts.Load() != before+1 {
				t.Errorf("%s: POST %s = %s %q, ran %d times; want 200 and one run", name, target, resp.Status, body, acts.Load()-before)
			}
		}
	}
	for name, h := range refused { // reading is not refused: the Host check guards it
		if resp, body := call(t, nil, http.MethodGet, srv.URL+PathFeeds, h); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: GET /feeds = %s %q, want 200", name, resp.Status, body)
		}
	}
}
