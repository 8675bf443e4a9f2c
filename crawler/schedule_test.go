package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// The scheduler tests run in a synctest bubble: the clock is fake and
// advances only when every goroutine waits, so waits of hours take no
// time and request times are exact to the nanosecond. HTTP goes through
// an in-memory transport (a bubble allows no real network I/O); the feeds
// are answered by an http.Handler as an httptest server would.

// schedSite answers feed requests with a handler and records each one.
type schedSite struct {
	handler http.HandlerFunc
	mu      sync.Mutex
	log     []schedRequest
}

type schedRequest struct {
	at   time.Time
	url  string
	etag string
}

func (s *schedSite) RoundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.log = append(s.log, schedRequest{at: time.Now(), url: req.URL.String(), etag: req.Header.Get("If-None-Match")})
	s.mu.Unlock()
	rec := httptest.NewRecorder()
	s.handler(rec, req)
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// times returns when each request for url started, relative to start.
func (s *schedSite) times(url string, start time.Time) []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for _, r := range s.log {
		if r.url == url {
			out = append(out, r.at.Sub(start))
		}
	}
	return out
}

// etags returns the If-None-Match header of each request for url.
func (s *schedSite) etags(url string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.log {
		if r.url == url {
			out = append(out, r.etag)
		}
	}
	return out
}

func (s *schedSite) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.log)
}

const emptyRSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>%s</channel></rss>`

func rssDoc(extra string) string { return fmt.Sprintf(emptyRSS, extra) }

// schedCrawler opens a real archive in a temporary directory and a
// crawler over site, with jitter off so that waits are exact.
func schedCrawler(t *testing.T, site *schedSite, o Options) (*Crawler, *store.DB) {
	t.Helper()
	return schedCrawlerAt(t, site, o, filepath.Join(t.TempDir(), "archive.db"))
}

// schedCrawlerAt is schedCrawler over the archive at path, which a test
// may open again, as a restart does.
func schedCrawlerAt(t *testing.T, site *schedSite, o Options, path string) (*Crawler, *store.DB) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return schedCrawlerOver(t, site, o, db), db
}

// schedCrawlerOver is a crawler over site and the open archive db, with
// jitter off, cleaning with the site rules given.
func schedCrawlerOver(t *testing.T, site *schedSite, o Options, db *store.DB, rules ...clean.Rule) *Crawler {
	t.Helper()
	o.Transport = site
	o.Rand = func() float64 { return 0 }
	return crawlerOver(t, o, db, rules...)
}

// runUntil runs the scheduler over feeds until done reports true after a
// request, then stops it and closes the archive.
func runUntil(t *testing.T, c *Crawler, db *store.DB, site *schedSite, feeds []store.Feed, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	finished := make(chan struct{})
	go func() {
		c.Run(ctx, feeds)
		close(finished)
	}()
	for !done() {
		synctest.Wait()
		if done() {
			break
		}
		time.Sleep(time.Second) // advances the fake clock only
	}
	cancel()
	<-finished
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func gaps(times []time.Duration) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(times); i++ {
		out = append(out, times[i]-times[i-1])
	}
	return out
}

func TestRetryAfterIsHonouredToTheSecond(t *testing.T) {
	tests := []struct {
		name  string
		value func(now time.Time) (header string, due time.Time)
	}{
		{"seconds", func(now time.Time) (string, time.Time) { return "120", now.Add(120 * time.Second) }},
		{"http-date", func(now time.Time) (string, time.Time) {
			due := now.Add(90 * time.Second).Truncate(time.Second)
			return due.UTC().Format(http.TimeFormat), due
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var due time.Time
				calls := 0
				site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
					calls++
					if calls == 1 {
						var h string
						h, due = tt.value(time.Now())
						w.Header().Set("Retry-After", h)
						w.WriteHeader(http.StatusTooManyRequests)
						return
					}
					fmt.Fprint(w, rssDoc(""))
				}}
				c, db := schedCrawler(t, site, Options{})
				feed := store.Feed{Name: "f", URL: "http://news.test/rss", Interval: 15 * time.Minute}
				runUntil(t, c, db, site, []store.Feed{feed}, func() bool { return site.count() >= 2 })
				if got := site.log[1].at; !got.Equal(due) {
					t.Errorf("second poll at %v, want exactly the Retry-After time %v", got, due)
				}
			})
		})
	}
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "down", http.StatusInternalServerError)
		}}
		c, db := schedCrawler(t, site, Options{BackoffCap: 10 * time.Minute})
		feed := store.Feed{Name: "f", URL: "http://news.test/rss", Interval: time.Minute}
		start := time.Now()
		runUntil(t, c, db, site, []store.Feed{feed}, func() bool { return site.count() >= 7 })
		got := gaps(site.times(feed.URL, start))[:6]
		want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute}
		if !slices.Equal(got, want) {
			t.Errorf("waits between failing polls %v, want %v", got, want)
		}
	})
}

func TestFeedFailing50TimesRecoversOnNextSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		calls := 0
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			calls++
			if calls <= 50 {
				http.Error(w, "down", http.StatusBadGateway)
				return
			}
			fmt.Fprint(w, rssDoc(""))
		}}
		c, db := schedCrawler(t, site, Options{BackoffCap: time.Hour})
		feed := store.Feed{Name: "f", URL: "http://news.test/rss", Interval: 5 * time.Minute}
		start := time.Now()
		var st store.FeedState
		runUntil(t, c, db, site, []store.Feed{feed}, func() bool {
			if site.count() < 52 {
				return false
			}
			var err error
			st, err = db.FeedState("f")
			return err == nil
		})
		g := gaps(site.times(feed.URL, start))
		if slices.Max(g) > time.Hour {
			t.Errorf("a failing feed waited %v, more than the 1h cap: it must never be dropped", slices.Max(g))
		}
		if g[50] != 5*time.Minute {
			t.Errorf("after the success the next poll came %v later, want the 5m interval", g[50])
		}
		if st.ConsecutiveErrors != 0 || st.LastError != "" || st.LastSuccess.IsZero() {
			t.Errorf("state after recovery: %+v, want errors reset", st)
		}
	})
}

func TestPerHostDelayHoldsWith50Feeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssDoc("")) }}
		c, db := schedCrawler(t, site, Options{HostDelay: time.Second, HostParallel: 2})
		var feeds []store.Feed
		for i := range 50 {
			feeds = append(feeds, store.Feed{Name: fmt.Sprintf("f%02d", i), URL: fmt.Sprintf("http://news.test/rss/%d", i), Interval: time.Hour})
		}
		runUntil(t, c, db, site, feeds, func() bool { return site.count() >= 50 })
		site.mu.Lock()
		defer site.mu.Unlock()
		for i := 1; i < len(site.log); i++ {
			if d := site.log[i].at.Sub(site.log[i-1].at); d < time.Second {
				t.Fatalf("requests %d and %d to one host started %v apart, want at least host_delay 1s", i-1, i, d)
			}
		}
	})
}

func TestRateLimitSlowsOnlyThatFeed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/busy") {
				w.Header().Set("Retry-After", "3600")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, rssDoc(""))
		}}
		c, db := schedCrawler(t, site, Options{HostDelay: 10 * time.Millisecond})
		busy := store.Feed{Name: "busy", URL: "http://news.test/busy", Interval: time.Minute}
		quiet := store.Feed{Name: "quiet", URL: "http://news.test/quiet", Interval: time.Minute}
		start := time.Now()
		runUntil(t, c, db, site, []store.Feed{busy, quiet}, func() bool { return len(site.times(quiet.URL, start)) >= 5 })
		if n := len(site.times(busy.URL, start)); n != 1 {
			t.Errorf("the rate-limited feed was polled %d times within the hour it was asked to wait, want 1", n)
		}
		if g := gaps(site.times(quiet.URL, start)); slices.Max(g) > time.Minute+5*time.Second {
			t.Errorf("a feed on the same host waited %v: a 429 for one feed must not block the others", slices.Max(g))
		}
	})
}

func TestServerFloorsAreRespected(t *testing.T) {
	tests := []struct {
		name   string
		header string
		body   string
		want   time.Duration
	}{
		{"rss-ttl", "", rssDoc("<ttl>60</ttl>"), time.Hour},
		{"sy-update", "", `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title><sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>12</sy:updateFrequency></channel></rss>`, 2 * time.Hour},
		{"max-age", "max-age=1800", rssDoc(""), 30 * time.Minute},
		{"capped-by-max-interval", "max-age=86400", rssDoc(""), 3 * time.Hour},
		{"floor-below-interval", "max-age=60", rssDoc(""), 15 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
					if tt.header != "" {
						w.Header().Set("Cache-Control", tt.header)
					}
					fmt.Fprint(w, tt.body)
				}}
				c, db := schedCrawler(t, site, Options{MaxInterval: 3 * time.Hour})
				feed := store.Feed{Name: "f", URL: "http://news.test/rss", Interval: 15 * time.Minute}
				start := time.Now()
				runUntil(t, c, db, site, []store.Feed{feed}, func() bool { return site.count() >= 2 })
				if g := gaps(site.times(feed.URL, start)); g[0] != tt.want {
					t.Errorf("next poll after %v, want %v", g[0], tt.want)
				}
			})
		})
	}
}

func TestRestartResumesScheduleWithoutBurst(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssDoc("")) }}
		c, db := schedCrawler(t, site, Options{})
		start := time.Now()
		var feeds []store.Feed
		for i := range 100 {
			f := store.Feed{Name: fmt.Sprintf("f%03d", i), URL: fmt.Sprintf("http://h%d.test/rss", i), Interval: 15 * time.Minute}
			feeds = append(feeds, f)
			if i%2 == 0 { // polled before the restart: due in i seconds
				err := db.PutFeedState(store.FeedState{Name: f.Name, URL: f.URL, ConfigURL: f.URL, NextCheck: start.Add(time.Duration(i+1) * time.Second)})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		runUntil(t, c, db, site, feeds, func() bool { return site.count() >= 100 })
		perInstant := map[time.Time]int{}
		for i, f := range feeds {
			first := site.times(f.URL, start)[0]
			if i%2 == 0 && first != time.Duration(i+1)*time.Second {
				t.Errorf("%s first polled at +%v, want its stored next check +%v", f.Name, first, time.Duration(i+1)*time.Second)
			}
			perInstant[start.Add(first)]++
		}
		for at, n := range perInstant {
			if n > 3 {
				t.Errorf("%d feeds polled at the same instant %v after a restart: a burst", n, at.Sub(start))
			}
		}
	})
}

func TestPermanentRedirectMovesFeedOnceItRepeats(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/old" {
				http.Redirect(w, r, "http://news.test/new", http.StatusMovedPermanently)
				return
			}
			fmt.Fprint(w, rssDoc(""))
		}}
		c, db := schedCrawler(t, site, Options{})
		feed := store.Feed{Name: "f", URL: "http://news.test/old", Interval: time.Minute}
		start := time.Now()
		runUntil(t, c, db, site, []store.Feed{feed}, func() bool { return len(site.times("http://news.test/new", start)) >= 5 })
		if n := len(site.times(feed.URL, start)); n != permanentAfter {
			t.Errorf("the old URL was asked %d times, want %d (then the feed moves)", n, permanentAfter)
		}
	})
}

func TestAdaptiveInterval(t *testing.T) {
	at := func(minutes ...int) []Item {
		base := time.Date(2025, 4, 29, 12, 0, 0, 0, time.UTC)
		var items []Item
		for _, m := range minutes {
			items = append(items, Item{Published: base.Add(-time.Duration(m) * time.Minute)})
		}
		return items
	}
	lo, hi, conf := 5*time.Minute, 6*time.Hour, 30*time.Minute
	tests := []struct {
		name  string
		items []Item
		want  time.Duration
	}{
		{"busy-feed", at(0, 20, 40, 60, 80), 10 * time.Minute},
		{"very-busy-feed-floored", at(0, 1, 2, 3, 4), lo},
		{"quiet-feed", at(0, 600, 1200, 1800), 5 * time.Hour},
		{"dormant-feed-capped", at(0, 10000, 20000), hi},
		{"too-few-dates", at(0, 20), conf},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := adaptiveInterval(tt.items, conf, lo, hi); got != tt.want {
				t.Errorf("adaptiveInterval = %v, want %v", got, tt.want)
			}
		})
	}
}
