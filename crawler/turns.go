package crawler

import (
	"container/heap"
	"net/url"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// turn is one feed as the scheduler holds it between its polls: a feed
// that waits for its next check costs this and an entry in the timer
// heap, not a goroutine and a timer of its own.
type turn struct {
	feed   store.Feed      // as configured now: a reload replaces it
	st     store.FeedState // as the last poll left it
	next   time.Time       // when the feed is due
	window time.Duration   // the start-up spread of the feeds it started with
	owned  bool            // in a cluster: the feed was this node's at its last turn
	where  turnPlace
	index  int // in the timer heap, while where is turnSleeping
	// changed says a reload changed the feed while it was away from the
	// heap: its next check is recomputed when it comes back.
	changed bool
	removed bool      // a reload removed it: dropped when it comes back
	started time.Time // when its last poll started; zero before the first
}

// turnPlace says where a turn is.
type turnPlace int

const (
	turnSleeping turnPlace = iota // in the timer heap, until its next check
	turnQueued                    // due, waiting for a slot of its host
	turnPolling                   // its poll runs
	turnParked                    // in a cluster, not this node's: waiting for a change
)

// host is the host the turn's feed request goes to, as the host limiter
// names it; "" when the URL does not parse (the request then fails).
func (t *turn) host() string {
	raw := t.st.URL
	if raw == "" || t.st.ConfigURL != t.feed.URL {
		raw = t.feed.URL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.Host
}

// reconsider shortens the wait of a turn whose feed changed to the new
// interval after the last poll, as a reload asks.
func (t *turn) reconsider() {
	if !t.st.LastPoll.IsZero() {
		t.next = minTime(t.next, t.st.LastPoll.Add(t.feed.Interval))
	}
}

// turnHeap orders sleeping turns by their next check; it implements
// heap.Interface.
type turnHeap []*turn

func (h turnHeap) Len() int           { return len(h) }
func (h turnHeap) Less(i, j int) bool { return h[i].next.Before(h[j].next) }

func (h turnHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *turnHeap) Push(x any) {
	t := x.(*turn)
	t.index, t.where = len(*h), turnSleeping
	*h = append(*h, t)
}

func (h *turnHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// sleep puts t in the heap until t.next, or Floor after its last poll
// when that is later.
func (h *turnHeap) sleep(t *turn) {
	t.keepFloor()
	heap.Push(h, t)
}

// keepFloor puts t.next at least Floor after the last poll of t's feed,
// whatever asked for it sooner: a tiny interval, a Retry-After of 0, a
// reload, a change in the cluster.
func (t *turn) keepFloor() {
	last := t.started
	if t.st.LastPoll.After(last) {
		last = t.st.LastPoll
	}
	if !last.IsZero() && t.next.Before(last.Add(Floor)) {
		t.next = last.Add(Floor)
	}
}

// popDue takes out the earliest turn when it is due at now.
func (h *turnHeap) popDue(now time.Time) (*turn, bool) {
	if len(*h) == 0 || (*h)[0].next.After(now) {
		return nil, false
	}
	return heap.Pop(h).(*turn), true
}

// remove takes t out of the heap.
func (h *turnHeap) remove(t *turn) { heap.Remove(h, t.index) }

// fix restores the order after t.next changed.
func (h *turnHeap) fix(t *turn) {
	t.keepFloor()
	heap.Fix(h, t.index)
}

// earliest is the next check of the first turn due; false when the heap
// is empty.
func (h turnHeap) earliest() (time.Time, bool) {
	if len(h) == 0 {
		return time.Time{}, false
	}
	return h[0].next, true
}
