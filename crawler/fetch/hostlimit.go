package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

// hostLimiter is an http.RoundTripper that holds the limits of each
// host: at most parallel requests in flight, at least delay between
// the starts of two requests, and at most global requests in flight over
// all hosts. It sits under colly and the feed poller alike, so feeds,
// pages and robots.txt share one host's limits. (colly's LimitRule holds
// a slot for delay after each request, which lets parallel requests start
// together, and only sees colly's requests.)
//
// A 429 slows its host only: the host's delay grows, and shrinks back
// step by step with each success. A robots.txt Crawl-delay raises the
// host's delay for good.
type hostLimiter struct {
	next     http.RoundTripper
	delay    time.Duration
	timeout  time.Duration // per request, counted from its start
	parallel int
	global   chan struct{}

	mu    sync.Mutex
	hosts map[string]*hostLimits
}

// maxPenalty bounds the extra delay 429s can add to a host.
const maxPenalty = 5 * time.Minute

// hostLimits is one host's share of the limiter: its slots, the requests
// waiting for them by priority, and the pacing of their starts.
type hostLimits struct {
	sem chan struct{}

	// waiting counts the requests of each priority waiting for a slot;
	// a request goes only when none more urgent waits. changed is
	// closed, and replaced, whenever a count falls.
	waiting [priorities]int
	changed chan struct{}

	mu         sync.Mutex
	last       time.Time     // start of the latest request, or the reserved start
	crawlDelay time.Duration // from robots.txt
	penalty    time.Duration // from 429s, decaying
}

func newHostLimiter(next http.RoundTripper, delay, timeout time.Duration, parallel, global int) *hostLimiter {
	return &hostLimiter{
		next: next, delay: delay, timeout: timeout, parallel: parallel,
		global: make(chan struct{}, global),
		hosts:  make(map[string]*hostLimits),
	}
}

func (l *hostLimiter) limits(host string) *hostLimits {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostLimits{sem: make(chan struct{}, l.parallel), changed: make(chan struct{})}
		l.hosts[host] = s
	}
	return s
}

// RoundTrip waits for the host's limits, then sends the request with the
// timeout, which covers the body too but not the wait for its start: a slow
// host queues requests, it does not time them out. The slots are held
// until the response body is closed.
func (l *hostLimiter) RoundTrip(req *http.Request) (*http.Response, error) {
	s := l.limits(req.URL.Host)
	held, err := l.acquire(req, s)
	if err != nil {
		return nil, err
	}
	ctx, cancel := req.Context(), context.CancelFunc(func() {})
	if l.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, l.timeout)
	}
	release := func() { cancel(); held() }
	resp, err := l.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		release()
		return nil, err
	}
	s.adjust(resp.StatusCode)
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// acquire takes a host slot, a global slot and the host's next start.
func (l *hostLimiter) acquire(req *http.Request, s *hostLimits) (func(), error) {
	ctx := req.Context()
	if err := s.take(priorityOf(ctx), ctx.Done()); err != nil {
		return nil, ctx.Err()
	}
	select {
	case l.global <- struct{}{}:
	case <-ctx.Done():
		<-s.sem
		return nil, ctx.Err()
	}
	release := func() { <-l.global; <-s.sem }
	if err := wait(req, s.reserve(l.delay)); err != nil {
		release()
		return nil, err
	}
	return release, nil
}

// take takes a host slot for a request of priority p: at once for a
// normal one; for the others, only when no more urgent request waits for
// the host, giving the slot back if one came while this one waited.
func (s *hostLimits) take(p priority, done <-chan struct{}) error {
	s.countWaiting(p, 1)
	defer s.countWaiting(p, -1)
	for {
		if err := s.yield(p, done); err != nil {
			return err
		}
		select {
		case s.sem <- struct{}{}:
		case <-done:
			return errors.New("cancelled")
		}
		if p == priorityNormal || s.ahead(p) == 0 {
			return nil
		}
		<-s.sem
	}
}

// countWaiting counts a request of priority p in (d = 1) or out (d = -1)
// of those waiting for a slot.
func (s *hostLimits) countWaiting(p priority, d int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waiting[p] += d
	if d < 0 {
		close(s.changed)
		s.changed = make(chan struct{})
	}
}

// ahead counts the requests more urgent than p that wait.
func (s *hostLimits) ahead(p priority) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range s.waiting[:p] {
		n += w
	}
	return n
}

// yield waits until no request more urgent than p waits for the host.
func (s *hostLimits) yield(p priority, done <-chan struct{}) error {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if s.ahead(p) == 0 {
			return nil
		}
		select {
		case <-changed:
		case <-done:
			return errors.New("cancelled")
		}
	}
}

// setCrawlDelay raises host's delay to d, as its robots.txt asks.
func (l *hostLimiter) setCrawlDelay(host string, d time.Duration) {
	s := l.limits(host)
	s.mu.Lock()
	s.crawlDelay = d
	s.mu.Unlock()
}

// reserve books the host's next start and returns it.
func (s *hostLimits) reserve(base time.Duration) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	start := s.last.Add(max(base, s.crawlDelay) + s.penalty)
	if start.Before(now) {
		start = now
	}
	s.last = start
	return start
}

// adjust slows the host after a 429 and lets it recover after successes.
func (s *hostLimits) adjust(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests:
		s.penalty = min(max(2*s.penalty, time.Second), maxPenalty)
	case status < 400 && s.penalty > 0:
		s.penalty -= s.penalty / 4
		if s.penalty < 10*time.Millisecond {
			s.penalty = 0
		}
	}
}

// wait sleeps until start; an error when the request is cancelled first.
func wait(req *http.Request, start time.Time) error {
	d := time.Until(start)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-req.Context().Done():
		return req.Context().Err()
	}
}

// releaseBody frees the slots once, when the body is closed.
type releaseBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releaseBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}
