package fetch

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// gateTransport answers each request once its gate is opened, recording
// the order in which requests reached it.
type gateTransport struct {
	mu    sync.Mutex
	order []string
	gates map[string]chan struct{}
}

func (g *gateTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	g.mu.Lock()
	g.order = append(g.order, req.URL.Path)
	gate := g.gates[req.URL.Path]
	g.mu.Unlock()
	if gate != nil {
		<-gate
	}
	return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
}

func TestLowPriorityYieldsToWaitingRequests(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		first := make(chan struct{})
		inner := &gateTransport{gates: map[string]chan struct{}{"/first": first}}
		l := newHostLimiter(inner, 0, 0, 1, 10)
		get := func(ctx context.Context, path string) {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://news.test"+path, nil)
			if err != nil {
				t.Error(err)
				return
			}
			resp, err := l.RoundTrip(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}
		var wg sync.WaitGroup
		wg.Go(func() { get(t.Context(), "/first") }) // holds the host's only slot
		synctest.Wait()
		wg.Go(func() { get(LowPriority(t.Context()), "/backfill") })
		synctest.Wait()
		wg.Go(func() { get(t.Context(), "/poll") })
		synctest.Wait()
		close(first)
		wg.Wait()
		want := []string{"/first", "/poll", "/backfill"}
		if strings.Join(inner.order, " ") != strings.Join(want, " ") {
			t.Errorf("requests went %v, want %v: the backfill request must let the waiting poll go first", inner.order, want)
		}
	})
}
