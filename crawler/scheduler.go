package crawler

import (
	"context"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// Run polls every feed on its schedule until ctx is cancelled, then waits
// for in-flight work to finish or abort and returns. Each feed's next
// check is kept in the archive, so a restart resumes the schedule; feeds
// already due at start-up are spread over the coming minute instead of
// all firing at once. Errors of a feed or a page are logged, recorded in
// the feed's state and never stop the loop; no feed is ever dropped.
func (c *Crawler) Run(ctx context.Context, feeds []store.Feed) error {
	c.o.Metrics.running(true)
	c.running.Store(true)
	defer func() {
		c.running.Store(false)
		c.o.Metrics.running(false)
	}()
	book := c.book
	flushed := make(chan struct{})
	go func() {
		defer close(flushed)
		book.run(ctx, stateFlushEvery, c.o.Logger)
	}()
	var wg sync.WaitGroup
	s := newScheduler(c, c.fetcher.Pages(ctx), &wg)
	s.add(feeds) // before the retry loop asks whose a feed is
	wg.Go(func() { c.retryLoop(ctx, c.fetcher.Pages(fetch.LowPriority(ctx))) })
	if len(c.o.Revisit) > 0 {
		wg.Go(func() { c.revisitLoop(ctx, c.newRevisitFetcher(ctx)) })
	}
	s.run(ctx)
	wg.Wait()
	<-flushed
	return book.flush() // the last polls' states
}

// stateFlushEvery is how often the daemon writes feed states.
const stateFlushEvery = time.Second

// scheduler is Run's one goroutine that keeps every feed's turn: it
// sleeps until the earliest next check, starts each due poll in a
// goroutine of its own (at most host_parallel polls per host at once, the
// others wait in the host's poll queue), takes each poll's outcome back and applies
// reloads. Only its goroutine touches the turns.
type scheduler struct {
	c      *Crawler
	pages  *fetch.Pages
	wg     *sync.WaitGroup
	turns  map[string]*turn // by feed name
	due    turnHeap
	queues *pollQueues
	// parked are the turns of feeds that are not this node's, waiting
	// for parkedOn, the cluster's next change.
	parked   []*turn
	parkedOn <-chan struct{}
	fetched  chan string     // a poll's feed request ended: a slot of that host is free
	done     chan turnResult // a turn ended
}

func newScheduler(c *Crawler, pages *fetch.Pages, wg *sync.WaitGroup) *scheduler {
	return &scheduler{
		c: c, pages: pages, wg: wg,
		turns:   make(map[string]*turn),
		queues:  newPollQueues(c.o.HostParallel, c.fetcher),
		fetched: make(chan string),
		done:    make(chan turnResult),
	}
}

// run keeps the schedule until ctx ends.
func (s *scheduler) run(ctx context.Context) {
	defer s.forget()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for ctx.Err() == nil {
		s.startDue(ctx)
		var wake <-chan time.Time
		if next, ok := s.due.earliest(); ok {
			timer.Reset(next.Sub(s.c.o.Now()))
			wake = timer.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case host := <-s.fetched:
			if t, ok := s.queues.release(host); ok {
				s.start(ctx, t, host)
			}
		case r := <-s.done:
			s.finish(r)
		case r := <-s.c.reloads:
			s.reload(r)
		case <-s.parkedOn:
			s.unpark()
		}
	}
}

// forget ends the schedule: no queued turn counts as waiting any longer,
// no feed as one Run polls.
func (s *scheduler) forget() {
	s.queues.drain()
	for name := range s.turns {
		s.c.feedURLs.Delete(name)
	}
}

// add reads the state of each new feed and schedules its first check. The
// crawler knows it as one Run polls from then on (in a cluster: whose it
// is).
func (s *scheduler) add(feeds []store.Feed) {
	window := s.c.spreadWindow(len(feeds))
	now := s.c.o.Now()
	for _, f := range feeds {
		st, err := s.c.db.FeedState(f.Name)
		if err != nil {
			s.c.o.Logger.Error("read feed state; polling as if new", "feed", f.Name, "err", err)
		}
		t := &turn{feed: f, st: st, window: window, index: -1}
		t.next = s.c.firstCheck(f, st, now, window)
		s.turns[f.Name] = t
		s.c.feedURLs.Store(f.Name, f.URL)
		s.due.sleep(t)
	}
}

// startDue starts, or queues behind their host's polls, the turns due now.
func (s *scheduler) startDue(ctx context.Context) {
	now := s.c.o.Now()
	for {
		t, ok := s.due.popDue(now)
		if !ok {
			return
		}
		if host := t.host(); s.queues.admit(host, t) {
			s.start(ctx, t, host)
		}
	}
}

// start runs t's turn in a goroutine, which gives its host slot back when
// the feed request ends and its outcome when the turn ends.
func (s *scheduler) start(ctx context.Context, t *turn, host string) {
	t.where, t.started = turnPolling, s.c.o.Now()
	in := turnInput{feed: t.feed, st: t.st, owned: t.owned, window: t.window}
	s.wg.Go(func() {
		fetched := sync.OnceFunc(func() {
			select {
			case s.fetched <- host:
			case <-ctx.Done():
			}
		})
		r := s.c.takeTurn(ctx, s.pages, in, fetched)
		fetched()
		r.turn = t
		select {
		case s.done <- r:
		case <-ctx.Done():
		}
	})
}

// finish takes a turn's outcome back: the turn sleeps until its next
// check, or parks until the cluster changes.
func (s *scheduler) finish(r turnResult) {
	t := r.turn
	if t.removed {
		s.unlist(t)
		return
	}
	t.st, t.owned, t.next = r.st, r.owned, r.next
	if r.parkOn != nil {
		s.park(t, r.parkOn)
		return
	}
	if t.changed {
		t.changed = false
		t.reconsider()
	}
	s.due.sleep(t)
}

// park holds t until the cluster changes after on, which is at once when
// it changed already.
func (s *scheduler) park(t *turn, on <-chan struct{}) {
	select {
	case <-on:
		t.next = s.c.o.Now()
		s.due.sleep(t)
	default:
		t.where = turnParked
		s.parked = append(s.parked, t)
		s.parkedOn = on
	}
}

// unpark makes every parked turn due: the feeds' owners may have changed.
func (s *scheduler) unpark() {
	now := s.c.o.Now()
	for _, t := range s.parked {
		t.next = now
		s.due.sleep(t)
	}
	s.parked, s.parkedOn = nil, nil
}

// Running reports whether Run is polling feeds.
func (c *Crawler) Running() bool { return c.running.Load() }
