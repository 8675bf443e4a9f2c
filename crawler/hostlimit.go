package crawler

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// hostLimiter is an http.RoundTripper that holds the politeness budget of
// each host: at most parallel requests in flight, and at least delay
// between the starts of two requests. It sits under colly and the feed
// poller alike, so feeds, pages and robots.txt share one budget per host.
// (colly's LimitRule holds a slot for delay after each request, which
// lets parallel requests start together, and only sees colly's requests.)
type hostLimiter struct {
	next     http.RoundTripper
	delay    time.Duration
	parallel int

	mu    sync.Mutex
	hosts map[string]*hostSlot
}

type hostSlot struct {
	sem  chan struct{}
	mu   sync.Mutex
	last time.Time // start of the latest request, or the reserved start
}

func newHostLimiter(next http.RoundTripper, delay time.Duration, parallel int) *hostLimiter {
	return &hostLimiter{next: next, delay: delay, parallel: parallel, hosts: make(map[string]*hostSlot)}
}

func (l *hostLimiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, l.parallel)}
		l.hosts[host] = s
	}
	return s
}

// RoundTrip waits for the host's budget, then sends the request. The slot
// is held until the response body is closed.
func (l *hostLimiter) RoundTrip(req *http.Request) (*http.Response, error) {
	s := l.slot(req.URL.Host)
	ctx := req.Context()
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := l.waitTurn(req, s); err != nil {
		<-s.sem
		return nil, err
	}
	resp, err := l.next.RoundTrip(req)
	if err != nil {
		<-s.sem
		return nil, err
	}
	resp.Body = &releaseBody{ReadCloser: resp.Body, release: func() { <-s.sem }}
	return resp, nil
}

// waitTurn reserves the host's next start time and sleeps until it.
func (l *hostLimiter) waitTurn(req *http.Request, s *hostSlot) error {
	s.mu.Lock()
	now := time.Now()
	start := s.last.Add(l.delay)
	if start.Before(now) {
		start = now
	}
	s.last = start
	s.mu.Unlock()
	wait := time.Until(start)
	if wait <= 0 {
		return nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-req.Context().Done():
		return req.Context().Err()
	}
}

// releaseBody frees the host slot once, when the body is closed.
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
