package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/store"
)

// newTestAPI returns the daemon's API over db, as runDaemon builds it for
// a listener on listen with token.
func newTestAPI(db *store.DB, running bool, listen, token string) *api {
	log := slog.New(slog.DiscardHandler)
	fl := func() []crawler.Feed {
		return []crawler.Feed{{Name: "vna-fr", URL: "http://fr.vietnamplus.vn/rss/home.rss"}}
	}
	reg := newRegistry()
	crawler.NewMetrics(reg)
	reg.MustRegister(newArchiveCollector(db.Path(), db.FeedStates, fl))
	return &api{
		db: db, writable: &writableCheck{check: db.CheckWritable}, states: db.FeedStates, feeds: fl, running: func() bool { return running },
		metrics: metricsHandler(reg, log), token: token,
		requireToken: !config.LoopbackOnly(listen), log: log,
	}
}

// openArchive creates an archive in a temporary directory and opens it as
// asked; it is closed when the test ends.
func openArchive(t *testing.T, opts store.Options) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := store.Open(path, store.Options{})
	if err == nil && opts.ReadOnly {
		if err = db.Close(); err == nil {
			db, err = store.Open(path, opts)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// get requests url with an optional bearer token and returns the status
// and body.
func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

func TestHealthz(t *testing.T) {
	tests := []struct {
		name     string
		readOnly bool
		running  bool
		status   int
		says     string
	}{
		{"running-and-writable", false, true, http.StatusOK, "ok"},
		{"scheduler-stopped", false, false, http.StatusServiceUnavailable, "scheduler is not running"},
		{"archive-read-only", true, true, http.StatusServiceUnavailable, "not writable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openArchive(t, store.Options{ReadOnly: tt.readOnly})
			srv := httptest.NewServer(newTestAPI(db, tt.running, "127.0.0.1:0", "").handler())
			defer srv.Close()
			status, body := get(t, srv.URL+"/healthz", "")
			if status != tt.status || !strings.Contains(body, tt.says) {
				t.Errorf("GET /healthz = %d %q, want %d saying %q", status, body, tt.status, tt.says)
			}
		})
	}
}

func TestHealthzAfterArchiveClosed(t *testing.T) {
	db := openArchive(t, store.Options{})
	srv := httptest.NewServer(newTestAPI(db, true, "127.0.0.1:0", "").handler())
	defer srv.Close()
	if status, body := get(t, srv.URL+"/healthz", ""); status != http.StatusOK {
		t.Fatalf("GET /healthz on an open archive = %d %q, want 200", status, body)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if status, body := get(t, srv.URL+"/healthz", ""); status != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz on a closed archive = %d %q, want 503", status, body)
	}
}

// TestTokenRequiredOffLoopback serves the API through the daemon's own
// listener: bound to every interface it asks for the token on all but
// /healthz and /metrics; bound to loopback it asks for none.
func TestTokenRequiredOffLoopback(t *testing.T) {
	const token = "s3cret-token"
	type want map[string]int // path -> status
	open := want{"/healthz": 200, "/metrics": 200, "/feeds": 200, "/export": 200, "/nothing-here": 404}
	locked := want{"/healthz": 200, "/metrics": 200, "/feeds": 401, "/export": 401, "/nothing-here": 401}
	tests := []struct {
		name   string
		listen string
		token  string // sent
		want   want
	}{
		{"loopback-no-token", "127.0.0.1:0", "", open},
		{"all-interfaces-no-token", "0.0.0.0:0", "", locked},
		{"all-interfaces-wrong-token", "0.0.0.0:0", "guess", locked},
		{"all-interfaces-token-prefix", "0.0.0.0:0", token[:4], locked},
		{"all-interfaces-right-token", "0.0.0.0:0", token, open},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := serveAPI(t, newTestAPI(openArchive(t, store.Options{}), true, tt.listen, token), tt.listen)
			for path, status := range tt.want {
				if got, body := get(t, base+path, tt.token); got != status {
					t.Errorf("GET %s = %d %q, want %d", path, got, body, status)
				}
			}
		})
	}
}

// serveAPI starts the daemon's listener for a on listen and returns the
// base URL to reach it through loopback. It skips the test when the
// machine lets it bind no such address.
func serveAPI(t *testing.T, a *api, listen string) string {
	t.Helper()
	l, err := startListener(listen, a.handler(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Skipf("cannot listen on %s here: %v", listen, err)
	}
	t.Cleanup(func() {
		if err := l.shutdown(); err != nil {
			t.Error(err)
		}
	})
	_, port, err := net.SplitHostPort(l.addr.String())
	if err != nil {
		t.Fatal(err)
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port)
}

func TestExportEndpointRejectsBadFilter(t *testing.T) {
	srv := httptest.NewServer(newTestAPI(openArchive(t, store.Options{}), true, "127.0.0.1:0", "").handler())
	defer srv.Close()
	status, body := get(t, srv.URL+"/export?since=yesterday", "")
	if status != http.StatusBadRequest || !strings.Contains(body, "not a time") {
		t.Errorf("GET /export?since=yesterday = %d %q, want 400 saying not a time", status, body)
	}
}
