package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// secureHeaders are the headers every answer carries, as docs/listener.md
// lists them.
var secureHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
		"frame-ancestors 'none'; base-uri 'none'",
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Referrer-Policy":              "no-referrer",
	"Cross-Origin-Opener-Policy":   "same-origin",
	"Cross-Origin-Resource-Policy": "same-origin",
}

// checkSecureHeaders reports a missing or different security header, and
// any CORS header, in h, the answer to what.
func checkSecureHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	for k, want := range secureHeaders {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %s %q, want %q", what, k, got, want)
		}
	}
	for k := range h {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("%s: CORS header %s: %q", what, k, h.Get(k))
		}
	}
}

// TestEveryAnswerCarriesTheSecurityHeaders: JSON, downloads, text and
// every error, through a listener that asks for the token.
func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	const token = "0123456789abcdef"
	o := testOptions(archiveOf(t, 2), true, "0.0.0.0:0", token)
	o.UI = pageUI
	o.Search = NewSearcher(indexOf(t, o.DB), o.DB, SearchLimits{})
	o.Now = (&testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}).now
	o.Reload = func() (ReloadResult, error) { return ReloadResult{}, nil }
	o.Backfill = func(BackfillRequest) (BackfillRun, error) {
		return func(_ context.Context, w io.Writer) error { _, err := io.WriteString(w, "done\n"); return err }, nil
	}
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	bearer := http.Header{"Authorization": {"Bearer " + token}}
	tests := []struct {
		name, method, path string
		h                  http.Header
		status             int
	}{
		{"healthz", http.MethodGet, PathHealth, nil, 200},
		{"metrics", http.MethodGet, PathMetrics, nil, 200},
		{"feeds", http.MethodGet, PathFeeds, bearer, 200},
		{"items", http.MethodGet, PathItems, bearer, 200},
		{"revisits", http.MethodGet, PathRevisits, bearer, 200},
		{"revisions", http.MethodGet, PathRevisions + "?article=1", bearer, 200},
		{"export", http.MethodGet, PathExport, bearer, 200},
		{"export-warc", http.MethodGet, PathExport + "?format=warc", bearer, 200},
		{"backup", http.MethodGet, PathBackup, bearer, 200},
		{"search-json", http.MethodGet, PathSearch + "?format=json&q=story", bearer, 200},
		{"search-page", http.MethodGet, PathSearch + "?q=story", bearer, 200},
		{"page", http.MethodGet, "/articles/1", bearer, 200},
		{"login-form", http.MethodGet, PathLogin, nil, 200},
		{"reload", http.MethodPost, PathReload, bearer, 200},
		{"backfill", http.MethodPost, PathBackfill, bearer, 200},
		{"login-failed", http.MethodPost, PathLogin, nil, 303},
		{"bad-query", http.MethodGet, PathExport + "?since=soon", bearer, 400},
		{"bad-search", http.MethodGet, PathSearch + "?format=json&q=%22open", bearer, 400},
		{"no-token", http.MethodGet, PathFeeds, nil, 401},
		{"page-no-token", http.MethodGet, "/articles", http.Header{"Accept": {"text/html"}}, 303},
		{"cross-site", http.MethodPost, PathReload, http.Header{"Authorization": bearer["Authorization"], "Sec-Fetch-Site": {"cross-site"}}, 403},
		{"unknown-article", http.MethodGet, PathRevisions + "?article=99", bearer, 404},
		{"wrong-method", http.MethodDelete, PathFeeds, bearer, 405},
		{"wrong-method-open", http.MethodPost, PathHealth, nil, 405},
		{"other-host", http.MethodGet, PathExport, http.Header{"Authorization": bearer["Authorization"], "Host": {"attacker.example"}}, 421},
	}
	c := browser(t) // sees the redirects
	for _, tt := range tests {
		resp, body := call(t, c, tt.method, srv.URL+tt.path, tt.h)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: %s %s = %s %.80q, want %d", tt.name, tt.method, tt.path, resp.Status, body, tt.status)
		}
		checkSecureHeaders(t, tt.name, resp.Header)
	}
	for range loginFailures {
		call(t, c, http.MethodPost, srv.URL+PathLogin, nil)
	}
	resp, _ := call(t, c, http.MethodPost, srv.URL+PathLogin, nil)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login after %d failures: %s, want 429", loginFailures+1, resp.Status)
	}
	checkSecureHeaders(t, "login-too-many", resp.Header)
}

// TestWrongMethodIs405WithAllow: every route answers a method it does not
// take with 405 and the methods it takes, never 404, and nothing that
// changes state runs on GET.
func TestWrongMethodIs405WithAllow(t *testing.T) {
	o := testOptions(archiveOf(t, 1), true, "127.0.0.1:0", "0123456789abcdef")
	o.UI = pageUI
	runs := 0
	o.Reload = func() (ReloadResult, error) { runs++; return ReloadResult{}, nil }
	o.Backfill = func(BackfillRequest) (BackfillRun, error) {
		runs++
		return func(context.Context, io.Writer) error { return nil }, nil
	}
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	routes := map[string]string{ // path -> Allow
		PathHealth: "GET, HEAD", PathMetrics: "GET, HEAD", PathFeeds: "GET, HEAD", PathItems: "GET, HEAD",
		PathRevisions: "GET, HEAD", PathRevisits: "GET, HEAD", PathExport: "GET, HEAD", PathBackup: "GET, HEAD",
		PathSearch: "GET, HEAD", PathLogin: "GET, HEAD, POST", PathReload: "POST", PathBackfill: "POST",
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, "PROPFIND"}
	for path, allow := range routes {
		for _, m := range methods {
			if strings.Contains(allow, m) {
				continue
			}
			q := "?token=0123456789abcdef&restart=1&next=%2F"
			resp, body := call(t, nil, m, srv.URL+path+q, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != allow {
				t.Errorf("%s %s = %s (Allow %q) %.60q, want 405 with Allow %q", m, path, resp.Status, resp.Header.Get("Allow"), body, allow)
			}
		}
	}
	if runs != 0 {
		t.Errorf("a reload or backfill ran %d times on a method other than POST", runs)
	}
	c := browser(t)
	resp, err := c.Get(srv.URL + PathLogin + "?" + url.Values{"token": {"0123456789abcdef"}, "next": {"/"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Cookies()) > 0 {
		t.Errorf("GET /login with the token set cookies %v, want none: a GET logs no one in", resp.Cookies())
	}
}
