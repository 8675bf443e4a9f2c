package crawler

import (
	"container/heap"
	"context"
	"sync"
	"sync/atomic"
)

// workerSlots cap the article pages in flight, all feeds together
// (Options.Workers). They are handed out in the order of the tickets of
// those waiting for one: the lowest ticket first. A wait without a ticket
// draws one when it begins: first come, first served. A ticket drawn
// earlier and given to a later wait (withTicket) keeps that wait's place
// in the queue, as if it had been waiting since: archiveItems keeps so the
// places of goroutines it does not start.
type workerSlots struct {
	tickets atomic.Uint64
	mu      sync.Mutex
	free    int
	waiting waiters
}

func newWorkerSlots(n int) *workerSlots { return &workerSlots{free: n} }

// draw draws the next ticket: later than every ticket drawn before.
func (s *workerSlots) draw() uint64 { return s.tickets.Add(1) }

type ticketKey struct{}

// withTicket makes the waits for a slot under ctx wait with ticket.
func withTicket(ctx context.Context, ticket uint64) context.Context {
	return context.WithValue(ctx, ticketKey{}, ticket)
}

// take waits for a slot until ctx ends.
func (s *workerSlots) take(ctx context.Context) error {
	ticket, ok := ctx.Value(ticketKey{}).(uint64)
	if !ok {
		ticket = s.draw()
	}
	s.mu.Lock()
	if s.free > 0 {
		s.free--
		s.mu.Unlock()
		return nil
	}
	w := &waiter{ticket: ticket, ready: make(chan struct{})}
	heap.Push(&s.waiting, w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	s.mu.Lock()
	granted := w.index < 0
	if !granted {
		heap.Remove(&s.waiting, w.index)
	}
	s.mu.Unlock()
	if granted { // given meanwhile: passed on
		s.give()
	}
	return ctx.Err()
}

// give gives a slot back: to the lowest ticket waiting, if any.
func (s *workerSlots) give() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.waiting) == 0 {
		s.free++
		return
	}
	w := heap.Pop(&s.waiting).(*waiter)
	close(w.ready)
}

// waiter is a wait for a slot; index is its place in the heap, -1 once
// it has its slot.
type waiter struct {
	ticket uint64
	ready  chan struct{}
	index  int
}

// waiters is a heap of waits, the lowest ticket first.
type waiters []*waiter

func (h waiters) Len() int           { return len(h) }
func (h waiters) Less(i, j int) bool { return h[i].ticket < h[j].ticket }
func (h waiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}

func (h *waiters) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}

func (h *waiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	w.index = -1
	return w
}
