package api

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// searchServer serves an archive of a few articles and its index, with a
// searcher within limits, and returns the server and its handler.
func searchServer(t *testing.T, limits SearchLimits) (*httptest.Server, http.Handler) {
	t.Helper()
	db := openArchive(t, store.Options{})
	for i, text := range []string{"Les travaux du port commencent.", "Le port accueille un ferry.", "Le conseil vote le budget du port."} {
		a := &store.Article{URL: fmt.Sprintf("https://example.test/%d", i), Title: fmt.Sprint("Article ", i),
			Language: "fr", Text: text, Published: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)}
		if _, _, err := db.Save(a, "quotidien", ""); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(t.Context(), db, nil); err != nil {
		t.Fatal(err)
	}
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.Search = NewSearcher(ix, db, limits)
	h := NewServer(o).Handler()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, h
}

// loopbackRequest is a GET of target under ctx as a client on this
// machine sends it to a listener on 127.0.0.1:80: the listener's host
// check reads the address the request came in on from its context.
func loopbackRequest(ctx context.Context, target string) *http.Request {
	ctx = context.WithValue(ctx, http.LocalAddrContextKey, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80})
	r := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
	r.Host = "127.0.0.1"
	return r
}

// getSearch asks srv's /search for JSON with q and returns the answer.
func getSearch(t *testing.T, srv *httptest.Server, q string) (*http.Response, string) {
	t.Helper()
	return testkit.Get(t, srv.URL+"/search?format=json&q="+url.QueryEscape(q))
}

func TestSearchRefusesQueriesOverTheLimits(t *testing.T) {
	srv, _ := searchServer(t, SearchLimits{})
	words := strings.Fields(strings.Repeat("port conseil budget ferry travaux commencent vote accueille ", 5))
	tests := []struct {
		name, q string
		status  int
		says    string // in the body
	}{
		{"long-phrase", `"` + strings.Repeat("le port accueille un ferry ", 40) + `"`, http.StatusBadRequest, "limit of 1024 bytes"},
		{"too-many-words", strings.Join(words[:33], " "), http.StatusBadRequest, "limit of 32 terms"},
		{"phrase-of-too-many-words", `"` + strings.Join(words[:33], " ") + `"`, http.StatusBadRequest, "limit of 32 terms"},
		{"too-many-exclusions", "port -" + strings.Join(words[:32], " -"), http.StatusBadRequest, "limit of 32 terms"},
		{"too-many-feeds", "port" + strings.Repeat(" feed:quotidien", 32), http.StatusBadRequest, "limit of 32 terms"},
		{"within-the-limits", strings.Join(words[:1], " ") + ` "le port" -ferry feed:quotidien published>=2025-01-01`, http.StatusOK, `"total":2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := getSearch(t, srv, tt.q)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.says) {
				t.Errorf("%s: %q; want %d saying %q", resp.Status, body, tt.status, tt.says)
			}
		})
	}
}

func TestSearchStopsWhenTheClientGoes(t *testing.T) {
	_, h := searchServer(t, SearchLimits{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel() // the client went away before the search began
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, loopbackRequest(ctx, "/search?format=json&q=port"))
	if rec.Body.Len() != 0 {
		t.Errorf("answered %d %q to a client that went away: the search ran", rec.Code, rec.Body)
	}
	if took := time.Since(start); took > 10*time.Second { // a guard only: it stops at once
		t.Errorf("took %v", took)
	}
}

func TestSearchPastItsDeadline(t *testing.T) {
	srv, _ := searchServer(t, SearchLimits{Timeout: time.Nanosecond})
	resp, body := getSearch(t, srv, "port")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "time limit of 1ns (search.timeout)") {
		t.Errorf("%s: %q; want 503 naming the time limit", resp.Status, body)
	}
}

// heldContext holds the first caller of Done until release is closed,
// after closing held: a search that looks at its context is held there,
// in flight, for as long as a test needs.
type heldContext struct {
	context.Context
	once          sync.Once
	held, release chan struct{}
}

func (c *heldContext) Done() <-chan struct{} {
	c.once.Do(func() {
		close(c.held)
		<-c.release
	})
	return c.Context.Done()
}

func TestSearchesAtOnce(t *testing.T) {
	srv, h := searchServer(t, SearchLimits{MaxConcurrent: 1})
	ctx := &heldContext{Context: t.Context(), held: make(chan struct{}), release: make(chan struct{})}
	first := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(first, loopbackRequest(ctx, "/search?format=json&q=port"))
	}()
	<-ctx.held
	resp, body := getSearch(t, srv, "port")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != RetryAfterBusy ||
		!strings.Contains(body, "search.max_concurrent") {
		t.Errorf("second search while the first runs: %s, Retry-After %q, %q; want 503, Retry-After %s, naming the limit",
			resp.Status, resp.Header.Get("Retry-After"), body, RetryAfterBusy)
	}
	close(ctx.release)
	<-done
	if first.Code != http.StatusOK || !strings.Contains(first.Body.String(), `"total":3`) {
		t.Errorf("first search: %d %q", first.Code, first.Body)
	}
	if resp, body := getSearch(t, srv, "port"); resp.StatusCode != http.StatusOK {
		t.Errorf("a search once the first is done: %s %q", resp.Status, body)
	}
}
