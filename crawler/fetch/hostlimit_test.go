package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeTransport is the RoundTripper under the limiter: it records when
// each request reached it and how many were in flight (reached it, body
// not yet closed). With hold set, every call blocks until a value is
// received from hold (or the request is cancelled).
type fakeTransport struct {
	hold   chan struct{}
	fail   error // returned instead of a response when set
	status int   // of every response; 200 when 0

	mu          sync.Mutex
	starts      map[string][]time.Time // by host
	inFlight    int
	maxInFlight int
}

func newFakeTransport() *fakeTransport {
	return &fakeTransport{starts: make(map[string][]time.Time)}
}

func (f *fakeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.starts[req.URL.Host] = append(f.starts[req.URL.Host], time.Now())
	f.mu.Unlock()
	if f.hold != nil {
		select {
		case <-f.hold:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
	if f.fail != nil {
		return nil, f.fail
	}
	f.mu.Lock()
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	f.mu.Unlock()
	body := &closeCounter{Reader: strings.NewReader("ok"), onClose: func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}}
	status := f.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Body: body, Request: req, Header: http.Header{}}, nil
}

// calls is the number of requests that reached the transport for host.
func (f *fakeTransport) calls(host string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.starts[host])
}

// total is the number of requests that reached the transport.
func (f *fakeTransport) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, s := range f.starts {
		n += len(s)
	}
	return n
}

func (f *fakeTransport) startsOf(host string) []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.starts[host])
}

type closeCounter struct {
	io.Reader
	once    sync.Once
	onClose func()
}

func (c *closeCounter) Close() error {
	c.once.Do(c.onClose)
	return nil
}

// testLimiter is a hostLimiter whose global cap is out of the way.
func testLimiter(next http.RoundTripper, delay time.Duration, parallel int) *hostLimiter {
	return newHostLimiter(next, delay, 0, parallel, 1000)
}

func get(t *testing.T, ctx context.Context, rt http.RoundTripper, rawURL string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rt.RoundTrip(req)
}

// getAndClose sends a request and closes the body at once; errors are
// reported with t.Error so that it may run in a goroutine.
func getAndClose(t *testing.T, rt http.RoundTripper, rawURL string) {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Error(err)
		return
	}
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Error(err)
		return
	}
	if err := resp.Body.Close(); err != nil {
		t.Error(err)
	}
}

func TestHostLimiterSpacesStarts(t *testing.T) {
	tests := []struct {
		name     string
		delay    time.Duration
		parallel int
		requests int
	}{
		{name: "one-second-delay-two-parallel", delay: time.Second, parallel: 2, requests: 5},
		{name: "delay-applies-with-one-slot", delay: 3 * time.Second, parallel: 1, requests: 3},
		{name: "delay-applies-with-more-slots-than-requests", delay: 500 * time.Millisecond, parallel: 8, requests: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				inner := newFakeTransport()
				l := testLimiter(inner, tt.delay, tt.parallel)
				begin := time.Now()
				var wg sync.WaitGroup
				for range tt.requests {
					wg.Go(func() { getAndClose(t, l, "http://news.example/a") })
				}
				wg.Wait()

				starts := inner.startsOf("news.example")
				if len(starts) != tt.requests {
					t.Fatalf("%d requests reached the transport, want %d", len(starts), tt.requests)
				}
				slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
				if d := starts[0].Sub(begin); d != 0 {
					t.Errorf("first request waited %v, want it sent at once", d)
				}
				for i := 1; i < len(starts); i++ {
					if gap := starts[i].Sub(starts[i-1]); gap < tt.delay {
						t.Errorf("requests %d and %d started %v apart, want at least %v", i-1, i, gap, tt.delay)
					}
				}
				// The limiter must not be slower than its budget either.
				if total, want := starts[len(starts)-1].Sub(begin), time.Duration(tt.requests-1)*tt.delay; total != want {
					t.Errorf("last request started after %v, want %v", total, want)
				}
			})
		})
	}
}

func TestHostLimiterCapsInFlight(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newFakeTransport()
		inner.hold = make(chan struct{})
		l := testLimiter(inner, 0, 2)
		const n = 5
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() { getAndClose(t, l, "http://news.example/a") })
		}
		for released := 0; released < n; released++ {
			synctest.Wait()
			// Requests blocked in the transport plus those released
			// (whose bodies are closed at once).
			if got, want := inner.calls("news.example"), min(released+2, n); got != want {
				t.Fatalf("after %d released: %d requests reached the transport, want %d", released, got, want)
			}
			inner.hold <- struct{}{}
		}
		wg.Wait()
		if inner.maxInFlight > 2 {
			t.Errorf("%d requests in flight at once, want at most 2", inner.maxInFlight)
		}
	})
}

func TestHostLimiterCapsInFlightOverAllHosts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newFakeTransport()
		inner.hold = make(chan struct{})
		l := newHostLimiter(inner, 0, 0, 2, 3)
		const n = 8 // two to each of four hosts
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { getAndClose(t, l, "http://host"+string(rune('a'+i%4))+".example/") })
		}
		for released := 0; released < n; released++ {
			synctest.Wait()
			if got, want := inner.total(), min(released+3, n); got != want {
				t.Fatalf("after %d released: %d requests reached the transport, want %d", released, got, want)
			}
			inner.hold <- struct{}{}
		}
		wg.Wait()
	})
}

func TestHostLimiterSlowsHostAfter429(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newFakeTransport()
		inner.status = http.StatusTooManyRequests
		l := testLimiter(inner, time.Second, 1)
		getAndClose(t, l, "http://busy.example/1")
		inner.status = http.StatusOK
		getAndClose(t, l, "http://busy.example/2")
		getAndClose(t, l, "http://calm.example/1")
		getAndClose(t, l, "http://calm.example/2")

		busy, calm := inner.startsOf("busy.example"), inner.startsOf("calm.example")
		if len(busy) != 2 || len(calm) != 2 {
			t.Fatalf("starts: busy %v, calm %v; want two each", busy, calm)
		}
		if gap := busy[1].Sub(busy[0]); gap <= time.Second {
			t.Errorf("after a 429 the host's next request came %v later, want more than the 1s delay", gap)
		}
		if gap := calm[1].Sub(calm[0]); gap != time.Second {
			t.Errorf("another host's requests came %v apart, want the plain 1s delay", gap)
		}
	})
}

func TestHostLimiterHostsAreIndependent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inner := newFakeTransport()
		l := testLimiter(inner, 10*time.Second, 1)
		begin := time.Now()
		var wg sync.WaitGroup
		for _, u := range []string{"http://a.example/1", "http://b.example/1", "http://a.example/2", "http://c.example:8080/1"} {
			wg.Go(func() { getAndClose(t, l, u) })
		}
		wg.Wait()
		for _, host := range []string{"b.example", "c.example:8080"} {
			starts := inner.startsOf(host)
			if len(starts) != 1 || !starts[0].Equal(begin) {
				t.Errorf("%s: starts %v, want one at once (%v): it waited on another host", host, starts, begin)
			}
		}
		starts := inner.startsOf("a.example")
		if len(starts) != 2 {
			t.Fatalf("a.example: %d starts, want 2", len(starts))
		}
		if d := starts[1].Sub(begin); d != 10*time.Second {
			t.Errorf("second request to a.example started after %v, want 10s", d)
		}
	})
}

func TestHostLimiterCancelledContext(t *testing.T) {
	tests := []struct {
		name     string
		delay    time.Duration
		parallel int
	}{
		// The first request leaves its body open: the second waits for
		// the slot.
		{name: "cancel-while-waiting-for-a-slot", delay: 0, parallel: 1},
		// The first request is done: the second waits for its start.
		{name: "cancel-while-waiting-out-the-delay", delay: time.Hour, parallel: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				inner := newFakeTransport()
				l := testLimiter(inner, tt.delay, tt.parallel)
				first, err := get(t, context.Background(), l, "http://news.example/first")
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				begin := time.Now()
				_, err = get(t, ctx, l, "http://news.example/second")
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("err = %v, want context.DeadlineExceeded", err)
				}
				if d := time.Since(begin); d != time.Second {
					t.Errorf("returned after %v, want when the context ended (1s)", d)
				}
				if n := inner.calls("news.example"); n != 1 {
					t.Errorf("%d requests reached the transport, want only the first", n)
				}
				if err := first.Body.Close(); err != nil {
					t.Fatal(err)
				}
				// The abandoned wait must not have kept a slot: with one
				// slot, a request after it still goes through.
				if tt.parallel == 1 {
					getAndClose(t, l, "http://news.example/third")
					if n := inner.calls("news.example"); n != 2 {
						t.Errorf("%d requests reached the transport, want 2", n)
					}
				}
			})
		})
	}
}

func TestHostLimiterReleasesSlot(t *testing.T) {
	tests := []struct {
		name   string
		closes int // times the first response's body is closed
		fail   error
		// want is how many requests reach the transport: the first,
		// then two more each waiting for the single slot.
		want int
	}{
		{name: "when-the-body-is-closed", closes: 1, want: 2},
		{name: "only-once-when-the-body-is-closed-twice", closes: 2, want: 2},
		{name: "held-while-the-body-is-open", closes: 0, want: 1},
		{name: "when-the-transport-fails", fail: errors.New("connection reset"), want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				inner := newFakeTransport()
				inner.fail = tt.fail
				l := testLimiter(inner, 0, 1)
				first, err := get(t, context.Background(), l, "http://news.example/first")
				if tt.fail != nil {
					if !errors.Is(err, tt.fail) {
						t.Fatalf("err = %v, want %v", err, tt.fail)
					}
					inner.fail = nil
				} else if err != nil {
					t.Fatal(err)
				}
				for range tt.closes {
					if err := first.Body.Close(); err != nil {
						t.Fatal(err)
					}
				}
				// Two more requests that keep their bodies open: with one
				// slot, only one of them may start once the first is done.
				var open []*http.Response
				var mu sync.Mutex
				ctx, cancel := context.WithCancel(context.Background())
				var wg sync.WaitGroup
				for range 2 {
					wg.Go(func() {
						resp, err := get(t, ctx, l, "http://news.example/next")
						if err != nil {
							return // cancelled below while waiting
						}
						mu.Lock()
						open = append(open, resp)
						mu.Unlock()
					})
				}
				synctest.Wait()
				if n := inner.calls("news.example"); n != tt.want {
					t.Errorf("%d requests reached the transport, want %d", n, tt.want)
				}
				cancel()
				wg.Wait()
				for _, resp := range open {
					if err := resp.Body.Close(); err != nil {
						t.Fatal(err)
					}
				}
				if tt.closes == 0 && tt.fail == nil {
					if err := first.Body.Close(); err != nil {
						t.Fatal(err)
					}
				}
			})
		})
	}
}

// TestClientTimeout: Options.Timeout bounds a request "from dialling to
// the last body byte"; the time it spends waiting for its start
// (host_delay, host_parallel) is not part of it.
func TestClientTimeout(t *testing.T) {
	tests := []struct {
		name      string
		hang      bool // the transport never answers
		requests  int
		wantErrAt time.Duration // after the start, for a hanging request
	}{
		{name: "requests-queued-behind-host-delay-do-not-time-out", requests: 6},
		{name: "a-hanging-request-times-out", hang: true, requests: 1, wantErrAt: 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				inner := newFakeTransport()
				if tt.hang {
					inner.hold = make(chan struct{})
				}
				c := testClient(t, Options{Transport: inner, HostDelay: time.Second, HostParallel: 2, Timeout: 2 * time.Second})
				begin := time.Now()
				var wg sync.WaitGroup
				for i := range tt.requests {
					wg.Go(func() {
						u := fmt.Sprintf("http://news.example/%d", i)
						resp, err := c.Get(u)
						if tt.hang {
							if kind := KindOf(classify(u, err)); kind != KindTimeout {
								t.Errorf("err = %v (kind %q), want a timeout", err, kind)
							}
							if d := time.Since(begin); d != tt.wantErrAt {
								t.Errorf("timed out after %v, want %v", d, tt.wantErrAt)
							}
							return
						}
						if err != nil {
							t.Errorf("request %d, waiting for its start: %v", i, err)
							return
						}
						if err := resp.Body.Close(); err != nil {
							t.Error(err)
						}
					})
				}
				wg.Wait()
			})
		})
	}
}
