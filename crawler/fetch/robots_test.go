package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/testkit"
)

func TestRobotsCrawlDelayRaisesHostDelay(t *testing.T) {
	tests := []struct {
		name   string
		robots string
		want   time.Duration
	}{
		{"crawl-delay", "User-agent: *\nCrawl-delay: 3\n", 3 * time.Second},
		{"crawl-delay-capped", "User-agent: *\nCrawl-delay: 3600\n", maxCrawlDelay},
		{"none", "User-agent: *\nDisallow: /private/\n", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetches := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					fetches++
					fmt.Fprint(w, tt.robots)
				}
			}))
			defer srv.Close()
			c := newTestClient(t, Options{AllowPrivateNetworks: true})
			u, err := url.Parse(srv.URL + "/article")
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				if err := c.robots.check(t.Context(), u); err != nil {
					t.Fatal(err)
				}
			}
			if got := c.robots.limiter.limits(u.Host).crawlDelay; got != tt.want {
				t.Errorf("host crawl delay %v, want %v", got, tt.want)
			}
			if fetches != 1 {
				t.Errorf("robots.txt fetched %d times for 3 pages, want once (cached)", fetches)
			}
		})
	}
}

// TestRobotsFetchHeedsCallerContext: a page fetch waiting for a robots.txt
// that hangs ends when its caller's context ends, and so does the
// robots.txt request itself; the next page fetch reads robots.txt again
// rather than taking the cut-short read for a failure.
func TestRobotsFetchHeedsCallerContext(t *testing.T) {
	arrived := make(chan struct{}) // the first robots.txt request reached the server
	cut := make(chan struct{})     // and its client went away
	end := make(chan struct{})     // the test is over
	var hits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) > 1 {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
			return
		}
		close(arrived)
		select {
		case <-r.Context().Done():
			close(cut)
		case <-end:
		}
	})
	mux.Handle("/article", testkit.Serve(t, "text/html; charset=utf-8", fixture(t, "article-1.html"), false))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(end) }) // runs first: lets a hung handler return

	c := newTestClient(t, localOptions(Options{}))
	ctx, cancel := context.WithCancel(t.Context())
	fetched := make(chan error, 1)
	go func() {
		_, _, err := c.Pages(ctx).Fetch(srv.URL+"/article", nil)
		fetched <- err
	}()
	bound := time.After(10 * time.Second) // a failure bound, not a wait
	select {
	case <-arrived:
	case err := <-fetched:
		t.Fatalf("the page fetch ended (%v) before robots.txt was asked for", err)
	case <-bound:
		t.Fatal("robots.txt was never asked for")
	}
	cancel()
	select {
	case err := <-fetched:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want the caller's context.Canceled", err)
		}
	case <-bound:
		t.Fatal("the page fetch went on after its caller's context ended")
	}
	select {
	case <-cut:
	case <-bound:
		t.Fatal("the robots.txt request went on after its caller's context ended")
	}
	if _, _, err := c.Pages(t.Context()).Fetch(srv.URL+"/article", nil); err != nil {
		t.Fatalf("the next fetch: %v (the cut-short robots.txt must not count as a failure)", err)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("robots.txt asked for %d times, want 2: again after the cut-short read", n)
	}
}
