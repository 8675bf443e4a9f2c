package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

func TestFirstCheck(t *testing.T) {
	now := time.Date(2024, 6, 5, 12, 0, 0, 0, time.UTC)
	feed := store.Feed{Name: "gazette", URL: "https://gazette.example/feed.xml", Interval: time.Hour}
	c := feedCrawler(t, Options{Now: func() time.Time { return now }})
	known := func(next time.Time, errs int) store.FeedState {
		return store.FeedState{Name: feed.Name, URL: feed.URL, ConfigURL: feed.URL, NextCheck: next, ConsecutiveErrors: errs}
	}
	tests := []struct {
		name   string
		st     store.FeedState
		window time.Duration
		// want is the exact first check, or when zero, the check must
		// fall in [now, now+window).
		want time.Time
	}{
		{name: "never-polled-is-due-now", st: store.FeedState{Name: feed.Name}, want: now},
		{name: "stored-next-check-ahead-is-kept", st: known(now.Add(20*time.Minute), 0), window: time.Minute, want: now.Add(20 * time.Minute)},
		{name: "stored-next-check-past-is-spread-over-the-window", st: known(now.Add(-time.Hour), 0), window: time.Minute},
		{name: "never-polled-is-spread-over-the-window", st: store.FeedState{Name: feed.Name}, window: time.Minute},
		{name: "shortened-interval-caps-the-wait", st: known(now.Add(5*time.Hour), 0), want: now.Add(time.Hour)},
		{name: "failing-feed-keeps-its-backoff", st: known(now.Add(5*time.Hour), 3), want: now.Add(5 * time.Hour)},
		{name: "reconfigured-url-is-due", st: store.FeedState{Name: feed.Name, URL: "https://old.example/rss", ConfigURL: "https://old.example/rss", NextCheck: now.Add(30 * time.Minute)}, want: now},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.firstCheck(feed, tt.st, now, tt.window)
			if !tt.want.IsZero() {
				if !got.Equal(tt.want) {
					t.Errorf("first check %v, want %v", got, tt.want)
				}
				return
			}
			if got.Before(now) || !got.Before(now.Add(tt.window)) {
				t.Errorf("first check %v, want within [%v, %v)", got, now, now.Add(tt.window))
			}
		})
	}
}

// feedTransport answers every request with an RSS feed without items
// and records when the feed was requested.
type feedTransport struct {
	mu    sync.Mutex
	polls []time.Time
}

func (f *feedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.polls = append(f.polls, time.Now())
	f.mu.Unlock()
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/rss+xml"}},
		Body:       io.NopCloser(strings.NewReader(body)),
		Request:    req,
	}, nil
}

func (f *feedTransport) pollTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.polls...)
}

// runInBubble runs fn in a synctest bubble with a Crawler on a fresh
// archive whose requests go to tr (no network, fake clock).
func runInBubble(t *testing.T, tr http.RoundTripper, fn func(t *testing.T, c *Crawler, db *store.DB)) {
	synctest.Test(t, func(t *testing.T) {
		c, db := newArchiver(t, Options{Now: time.Now, Transport: tr})
		fn(t, c, db)
	})
}

func TestRunReturnsWhenCancelled(t *testing.T) {
	feed := store.Feed{Name: "gazette", URL: "http://gazette.example/feed.xml", Interval: time.Hour}
	tests := []struct {
		name string
		// next is the feed's stored next check, from the start.
		next time.Duration
		// cancelAfter cancels the context that long after Run starts;
		// negative cancels it before.
		cancelAfter time.Duration
		wantPolls   int
	}{
		{name: "cancelled-before-start-polls-nothing", next: 0, cancelAfter: -1, wantPolls: 0},
		{name: "cancelled-while-waiting-for-next-check", next: 30 * time.Minute, cancelAfter: 10 * time.Minute, wantPolls: 0},
		{name: "cancelled-between-polls", next: time.Minute, cancelAfter: 2 * time.Minute, wantPolls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &feedTransport{}
			runInBubble(t, tr, func(t *testing.T, c *Crawler, db *store.DB) {
				start := time.Now()
				if tt.next > 0 {
					// The check is due tt.next after Run starts, give or
					// take the store's batch delay.
					st := store.FeedState{Name: feed.Name, URL: feed.URL, ConfigURL: feed.URL, NextCheck: start.Add(tt.next)}
					if err := db.PutFeedState(st); err != nil {
						t.Fatal(err)
					}
				}
				// Storing the state may take the store's batch delay.
				start = time.Now()
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				if tt.cancelAfter < 0 {
					cancel()
				} else {
					time.AfterFunc(tt.cancelAfter, cancel)
				}
				if err := c.Run(ctx, []store.Feed{feed}); err != nil {
					t.Fatal(err)
				}
				if took, want := time.Since(start), max(tt.cancelAfter, 0); took != want {
					t.Errorf("Run returned %v after start, want %v, when the context was cancelled", took, want)
				}
				if n := len(tr.pollTimes()); n != tt.wantPolls {
					t.Errorf("%d polls, want %d", n, tt.wantPolls)
				}
				if c.Running() {
					t.Error("Running() is true after Run returned")
				}
			})
		})
	}
}

// TestRunResumesStoredSchedule: after a restart, a feed is polled at the
// next check stored in the archive, then every interval.
func TestRunResumesStoredSchedule(t *testing.T) {
	feed := store.Feed{Name: "gazette", URL: "http://gazette.example/feed.xml", Interval: time.Hour}
	tr := &feedTransport{}
	runInBubble(t, tr, func(t *testing.T, c *Crawler, db *store.DB) {
		start := time.Now()
		st := store.FeedState{Name: feed.Name, URL: feed.URL, ConfigURL: feed.URL, NextCheck: start.Add(25 * time.Minute)}
		if err := db.PutFeedState(st); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Hour)
		defer cancel()
		if err := c.Run(ctx, []store.Feed{feed}); err != nil {
			t.Fatal(err)
		}
		want := []time.Duration{25 * time.Minute, 85 * time.Minute, 145 * time.Minute}
		polls := tr.pollTimes()
		if len(polls) != len(want) {
			t.Fatalf("%d polls in 3h, want %d: %v", len(polls), len(want), polls)
		}
		for i, p := range polls {
			if got := p.Sub(start); got != want[i] {
				t.Errorf("poll %d at +%v, want +%v", i, got, want[i])
			}
		}
		if got := feedState(t, db, feed.Name); !got.NextCheck.Equal(start.Add(205 * time.Minute)) {
			t.Errorf("stored NextCheck +%v, want +205m", got.NextCheck.Sub(start))
		}
	})
}

// TestWaitingFeedsHoldNoGoroutines: a feed waiting for its next check, or
// due while its host is busy with host_parallel polls, is an entry in the
// scheduler, not a goroutine: 300 feeds of one host start a handful.
func TestWaitingFeedsHoldNoGoroutines(t *testing.T) {
	const feeds, allowed = 300, 40
	tests := []struct {
		name string
		// stall makes the host hang on every request until the test ends.
		stall bool
	}{
		{name: "sleeping-until-next-check"},
		{name: "due-behind-a-stalled-host", stall: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				release := make(chan struct{})
				site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
					if tt.stall {
						<-release
					}
					fmt.Fprint(w, rssDoc(""))
				}}
				c, db := schedCrawler(t, site, Options{HostParallel: 2})
				var fs []store.Feed
				for i := range feeds {
					fs = append(fs, store.Feed{Name: fmt.Sprintf("f%03d", i), URL: fmt.Sprintf("http://news.test/rss/%d", i), Interval: time.Hour})
				}
				before := runtime.NumGoroutine()
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan struct{})
				go func() {
					c.Run(ctx, fs)
					close(done)
				}()
				time.Sleep(time.Minute) // every first check is past: the start-up spread is 3s
				synctest.Wait()
				grown := runtime.NumGoroutine() - before
				polled := site.count()
				close(release)
				cancel()
				<-done
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				if grown > allowed {
					t.Errorf("%d goroutines more while %d feeds wait, want at most %d", grown, feeds, allowed)
				}
				if want := map[bool]int{false: feeds, true: 2}[tt.stall]; polled != want {
					t.Errorf("%d feed requests, want %d", polled, want)
				}
			})
		})
	}
}

// TestQueuedPollsGoBeforeLowPriority: polls due while their host is busy
// wait in the scheduler, yet a low priority request (a retry, a backfill)
// still yields to them as it would to polls waiting in the host limiter.
func TestQueuedPollsGoBeforeLowPriority(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) {
			<-release
			fmt.Fprint(w, rssDoc(""))
		}}
		c, db := schedCrawler(t, site, Options{HostParallel: 1})
		var fs []store.Feed
		for i := range 5 {
			fs = append(fs, store.Feed{Name: fmt.Sprintf("f%d", i), URL: fmt.Sprintf("http://news.test/rss/%d", i), Interval: time.Hour})
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			c.Run(ctx, fs)
			close(done)
		}()
		time.Sleep(time.Second) // all five due: one polls, four queue
		synctest.Wait()
		low := make(chan error, 1)
		go func() {
			_, err := c.fetcher.Feed(fetch.LowPriority(ctx), "http://news.test/page", nil, fetch.Validators{})
			low <- err
		}()
		synctest.Wait()
		close(release)
		if err := <-low; err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		cancel()
		<-done
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		site.mu.Lock()
		defer site.mu.Unlock()
		at := slices.IndexFunc(site.log, func(r schedRequest) bool { return strings.HasSuffix(r.url, "/page") })
		if at < 4 {
			t.Errorf("the low priority request was request %d, want it after at least four of the five polls due before it", at+1)
		}
	})
}
