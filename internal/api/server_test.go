package api

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/store"
)

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testOptions are the options the daemon gives its server, over db, for a
// listener on listen with token.
func testOptions(db *store.DB, running bool, listen, token string) Options {
	fl := func() []store.Feed {
		return []store.Feed{{Name: "vna-fr", URL: "http://fr.vietnamplus.vn/rss/home.rss"}}
	}
	reg := NewRegistry()
	crawler.NewMetrics(reg)
	reg.MustRegister(NewArchiveCollector(db.Path(), db.FeedStates, db.Coverage, db.Revisits, fl))
	return Options{
		DB: db, States: db.FeedStates, Feeds: fl, Running: func() bool { return running },
		Metrics: MetricsHandler(reg, slog.New(slog.DiscardHandler)), Token: token,
		RequireToken: !config.LoopbackOnly(listen), Listen: listen,
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

// do sends method to url with an optional bearer token and returns the
// status and body.
func do(t *testing.T, method, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
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
			srv := httptest.NewServer(NewServer(testOptions(db, tt.running, "127.0.0.1:0", "")).Handler())
			defer srv.Close()
			status, body := do(t, http.MethodGet, srv.URL+PathHealth, "")
			if status != tt.status || !strings.Contains(body, tt.says) {
				t.Errorf("GET /healthz = %d %q, want %d saying %q", status, body, tt.status, tt.says)
			}
		})
	}
}

// TestHealthzChecksWritesOncePerSecond: the archive's state is read again
// once the last check is a second old, not at every probe.
func TestHealthzChecksWritesOncePerSecond(t *testing.T) {
	db := openArchive(t, store.Options{})
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.Now = clock.now
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	if status, body := do(t, http.MethodGet, srv.URL+PathHealth, ""); status != http.StatusOK {
		t.Fatalf("GET /healthz on an open archive = %d %q, want 200", status, body)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	clock.advance(999 * time.Millisecond)
	if status, body := do(t, http.MethodGet, srv.URL+PathHealth, ""); status != http.StatusOK {
		t.Errorf("GET /healthz within the second = %d %q, want the remembered 200", status, body)
	}
	clock.advance(time.Millisecond)
	if status, body := do(t, http.MethodGet, srv.URL+PathHealth, ""); status != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz on a closed archive a second later = %d %q, want 503", status, body)
	}
}

// TestTokenRequiredOffLoopback serves the API through the daemon's own
// listener: bound to every interface it asks for the token on all but
// /healthz and /metrics; bound to loopback it asks for none.
func TestTokenRequiredOffLoopback(t *testing.T) {
	const token = "s3cret-token"
	type want map[string]int // path -> status
	open := want{PathHealth: 200, PathMetrics: 200, PathFeeds: 200, PathItems: 200, PathExport: 200, "/nothing-here": 404}
	locked := want{PathHealth: 200, PathMetrics: 200, PathFeeds: 401, PathItems: 401, PathExport: 401, "/nothing-here": 401}
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
			o := testOptions(openArchive(t, store.Options{}), true, tt.listen, token)
			base := serve(t, NewServer(o), tt.listen)
			for path, status := range tt.want {
				if got, body := do(t, http.MethodGet, base+path, tt.token); got != status {
					t.Errorf("GET %s = %d %q, want %d", path, got, body, status)
				}
			}
		})
	}
}

// serve starts the daemon's listener for s on listen and returns the base
// URL to reach it through loopback. It skips the test when the machine
// lets it bind no such address.
func serve(t *testing.T, s *Server, listen string) string {
	t.Helper()
	l, err := Listen(listen, s.Handler(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Skipf("cannot listen on %s here: %v", listen, err)
	}
	t.Cleanup(func() {
		if err := l.Shutdown(); err != nil {
			t.Error(err)
		}
	})
	_, port, err := net.SplitHostPort(l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port)
}

// TestBadQueriesNameTheParameter: a query the server cannot read is a 400
// whose message names the query parameter, not a command-line flag.
func TestBadQueriesNameTheParameter(t *testing.T) {
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "")
	o.Backfill = func(BackfillRequest) (BackfillRun, error) {
		t.Error("a bad backfill query reached the daemon's backfill")
		return nil, nil
	}
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	tests := []struct {
		method, query, says string
	}{
		{http.MethodGet, PathExport + "?since=yesterday", `query parameter since="yesterday": not an RFC 3339 time`},
		{http.MethodGet, PathExport + "?until=2025-04-29", `query parameter until="2025-04-29"`},
		{http.MethodGet, PathExport + "?by=fetched", `query parameter by="fetched": want published or archived`},
		{http.MethodGet, PathExport + "?after=last", `query parameter after="last": not a cursor`},
		{http.MethodGet, PathExport + "?format=pdf", `query parameter format="pdf": want jsonl or warc`},
		{http.MethodGet, PathExport + "?revisions=yes", `query parameter revisions="yes": want 1 or 0`},
		{http.MethodPost, PathBackfill + "?max=-3", `query parameter max="-3": not a count`},
		{http.MethodPost, PathBackfill + "?restart=true", `query parameter restart="true"`},
		{http.MethodGet, PathItems + "?state=failed", `query parameter state="failed": want pending, feed, given_up, elsewhere, page`},
		{http.MethodGet, PathItems + "?feed=nowhere", `query parameter feed="nowhere": not a feed the daemon polls`},
		{http.MethodGet, PathRevisions, `query parameter article="": want an article id or URL`},
		{http.MethodGet, PathRevisions + "?article=latest", `query parameter article="latest": want an article id or an http(s) URL`},
	}
	for _, tt := range tests {
		status, body := do(t, tt.method, srv.URL+tt.query, "")
		if status != http.StatusBadRequest || !strings.Contains(body, tt.says) {
			t.Errorf("%s %s = %d %q, want 400 saying %q", tt.method, tt.query, status, body, tt.says)
		}
	}
}

// TestReloadRouteNeedsToken: off loopback, POST /reload asks for the
// token, as /feeds does; GET is not a reload.
func TestReloadRouteNeedsToken(t *testing.T) {
	o := testOptions(openArchive(t, store.Options{}), true, "0.0.0.0:8077", "s3cret")
	reloads := 0
	o.Reload = func() (ReloadResult, error) { reloads++; return ReloadResult{}, nil }
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	tests := []struct {
		name, method, token string
		want, reloads       int
	}{
		{"no-token", http.MethodPost, "", http.StatusUnauthorized, 0},
		{"wrong-token", http.MethodPost, "nope", http.StatusUnauthorized, 0},
		{"token", http.MethodPost, "s3cret", http.StatusOK, 1},
		{"get-is-not-a-reload", http.MethodGet, "s3cret", http.StatusMethodNotAllowed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, body := do(t, tt.method, srv.URL+PathReload, tt.token); status != tt.want || reloads != tt.reloads {
				t.Errorf("%s /reload = %d %q after %d reloads, want %d after %d", tt.method, status, body, reloads, tt.want, tt.reloads)
			}
		})
	}
}
