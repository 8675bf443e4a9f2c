package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// clockedTransport goes to the real network without keeping connections
// (an idle one would keep a synctest bubble from ever blocking durably)
// and notes when each request went out, by the bubble's clock. Past limit
// requests it closes overrun and sends no more: a crawler that hammers
// the server would otherwise keep the fake clock from getting anywhere.
type clockedTransport struct {
	next    http.RoundTripper
	limit   int
	overrun chan struct{}
	mu      sync.Mutex
	n       int
	at      map[string][]time.Time // by path
}

func newClockedTransport(limit int) *clockedTransport {
	return &clockedTransport{
		next: &http.Transport{DisableKeepAlives: true}, limit: limit,
		overrun: make(chan struct{}), at: map[string][]time.Time{},
	}
}

func (c *clockedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.n++
	if c.n > c.limit {
		if c.n == c.limit+1 {
			close(c.overrun)
		}
		c.mu.Unlock()
		return nil, errors.New("too many requests for this test")
	}
	c.at[req.URL.Path] = append(c.at[req.URL.Path], time.Now())
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

// times returns when each request for path went out.
func (c *clockedTransport) times(path string) []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.at[path])
}

// wantFloor fails unless at holds between lo and hi requests, each at
// least Floor after the one before.
func wantFloor(t *testing.T, what string, at []time.Time, lo, hi int) {
	t.Helper()
	if len(at) < lo || len(at) > hi {
		t.Errorf("%d requests for %s, want %d to %d", len(at), what, lo, hi)
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < Floor {
			t.Errorf("requests %d and %d for %s %v apart, want at least %v", i-1, i, what, gap, Floor)
		}
	}
}

// TestFloorHoldsWhateverTheOptions: a feed with an interval of 1ns is
// polled once a second, whether it answers, fails (with a backoff cap of
// 1ns) or asks to be retried at once; a page that keeps failing with a
// retry schedule of 1ns is tried once a second. The server is a real one;
// the clock is synctest's, and runs for ten seconds.
func TestFloorHoldsWhateverTheOptions(t *testing.T) {
	tests := []struct {
		name string
		feed func(w http.ResponseWriter, base string)
		path string // whose requests are counted
	}{
		{"feed-answers", func(w http.ResponseWriter, _ string) { fmt.Fprint(w, rssDoc("")) }, "/rss"},
		{"feed-fails", func(w http.ResponseWriter, _ string) { http.Error(w, "down", http.StatusInternalServerError) }, "/rss"},
		{"feed-retry-after-now", func(w http.ResponseWriter, _ string) {
			w.Header().Set("Retry-After", time.Now().UTC().Format(http.TimeFormat))
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}, "/rss"},
		{"page-fails", func(w http.ResponseWriter, base string) {
			fmt.Fprint(w, rssDoc(`<item><title>Story</title><guid>story</guid><link>`+base+`/story</link></item>`))
		}, "/story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *httptest.Server
			srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Path {
				case "/rss":
					tt.feed(w, srv.URL)
				case "/robots.txt":
					http.NotFound(w, r)
				default:
					http.Error(w, "down", http.StatusInternalServerError)
				}
			}))
			defer srv.Close()
			synctest.Test(t, func(t *testing.T) {
				tr := newClockedTransport(100)
				path := filepath.Join(t.TempDir(), "archive.db")
				db, err := store.Open(path, store.Options{})
				if err != nil {
					t.Fatal(err)
				}
				o := Options{
					Transport: tr, Rand: func() float64 { return 0 }, BackoffCap: time.Nanosecond,
					MinInterval: time.Nanosecond, MaxInterval: time.Nanosecond,
					PageRetry: PageRetry{First: time.Nanosecond, Max: time.Nanosecond, Tries: 1000},
				}
				c := crawlerOver(t, o, db)
				feeds := []store.Feed{{Name: "tiny", URL: srv.URL + "/rss", Interval: time.Nanosecond}}
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan struct{})
				go func() {
					c.Run(ctx, feeds)
					close(done)
				}()
				select {
				case <-time.After(10 * time.Second): // of the bubble's clock
				case <-tr.overrun:
					t.Errorf("more than %d requests before the clock reached 10s", tr.limit)
				}
				cancel()
				<-done
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				wantFloor(t, tt.path, tr.times(tt.path), 9, 11)
			})
		})
	}
}
