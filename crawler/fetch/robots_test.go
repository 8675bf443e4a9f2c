package fetch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
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
			if got := c.robots.limiter.slot(u.Host).crawlDelay; got != tt.want {
				t.Errorf("host crawl delay %v, want %v", got, tt.want)
			}
			if fetches != 1 {
				t.Errorf("robots.txt fetched %d times for 3 pages, want once (cached)", fetches)
			}
		})
	}
}
