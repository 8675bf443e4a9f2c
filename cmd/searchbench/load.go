package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// answer is one request's status and time.
type answer struct {
	status int
	took   time.Duration
}

// ask sends GET /search with params to the daemon at addr and reads the
// whole answer.
func ask(ctx context.Context, c *http.Client, addr string, params url.Values) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/search?"+params.Encode(), nil)
	if err != nil {
		return answer{}, err
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, took: time.Since(start)}, nil
}

// alone is one worst query sent alone: the slowest of its tries.
type alone struct {
	name   string
	status int
	worst  time.Duration
}

// measureAlone times a common word (the baseline: its median of 5) and
// then each of qs, three times each, one at a time.
func measureAlone(ctx context.Context, addr, word string, qs []worstQuery) (time.Duration, []alone, error) {
	c := &http.Client{Timeout: time.Minute}
	var base []time.Duration
	for range 5 {
		a, err := ask(ctx, c, addr, query(word))
		if err != nil {
			return 0, nil, err
		}
		if a.status != http.StatusOK {
			return 0, nil, fmt.Errorf("baseline query %q: status %d", word, a.status)
		}
		base = append(base, a.took)
	}
	slices.Sort(base)
	var out []alone
	for _, q := range qs {
		r := alone{name: q.name}
		for range 3 {
			a, err := ask(ctx, c, addr, q.params)
			if err != nil {
				return 0, nil, fmt.Errorf("%s: %w", q.name, err)
			}
			r.status, r.worst = a.status, max(r.worst, a.took)
		}
		out = append(out, r)
	}
	return base[len(base)/2], out, nil
}

// loadRun is what clients sending worst queries together measured.
type loadRun struct {
	clients  int
	took     time.Duration
	statuses map[int]int
	errors   int
	worst    time.Duration // the slowest answer, whatever its status
	p99OK    time.Duration // of the answers with results
	idle     bench.Status  // the daemon before the load
	peakAnon int64         // sampled
	peakRSS  int64         // sampled
	peakHWM  int64         // VmHWM at the end: the process's peak RSS since it started
	polls    []time.Time
}

// measureLoad has clients send qs in turn, each from its own place in the
// list, for the duration, while it samples the daemon's memory and notes
// its polls.
func measureLoad(ctx context.Context, d *daemon, qs []worstQuery, clients int, duration time.Duration) (loadRun, error) {
	r := loadRun{clients: clients, statuses: map[int]int{}}
	var err error
	if r.idle, err = d.status(); err != nil {
		return r, err
	}
	sampled := make(chan struct{})
	stopSampling := make(chan struct{})
	go func() {
		defer close(sampled)
		r.sample(d, stopSampling)
	}()
	var mu sync.Mutex
	var ok []time.Duration
	start := time.Now()
	end := start.Add(duration)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			c := &http.Client{Timeout: time.Minute}
			for k := i; time.Now().Before(end) && ctx.Err() == nil; k++ {
				a, err := ask(ctx, c, d.addr, qs[k%len(qs)].params)
				mu.Lock()
				switch {
				case err != nil:
					r.errors++
				default:
					r.statuses[a.status]++
					r.worst = max(r.worst, a.took)
					if a.status == http.StatusOK {
						ok = append(ok, a.took)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.took = time.Since(start)
	close(stopSampling)
	<-sampled
	if len(ok) > 0 {
		r.p99OK = percentile(ok, 99)
	}
	st, err := d.status()
	r.peakHWM = st.PeakRSS
	r.polls = d.pollsBetween(start, time.Now())
	return r, err
}

// sample reads the daemon's memory every 20 ms until stop is closed.
func (r *loadRun) sample(d *daemon, stop <-chan struct{}) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if st, err := d.status(); err == nil {
			r.peakAnon, r.peakRSS = max(r.peakAnon, st.Anon), max(r.peakRSS, st.RSS)
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

// longestGap is the longest time between two polls.
func longestGap(polls []time.Time) time.Duration {
	var gap time.Duration
	for i := 1; i < len(polls); i++ {
		gap = max(gap, polls[i].Sub(polls[i-1]))
	}
	return gap
}
