package crawler

import "github.com/depeche-archiver/depeche/crawler/fetch"

// hostTurns lets at most parallel feed requests of one host be in flight
// from the scheduler; the turns beyond wait in order. A turn waiting here
// counts as a normal request waiting for its host in the host limiter, so
// that a retry or a revisit still yields to the polls due before it, as
// when every due poll waited in the limiter itself.
type hostTurns struct {
	parallel int
	client   *fetch.Client
	hosts    map[string]*hostQueue
}

// hostQueue is one host's polls: those fetching and those waiting.
type hostQueue struct {
	busy    int
	waiting []*turn
}

func newHostTurns(parallel int, client *fetch.Client) *hostTurns {
	return &hostTurns{parallel: parallel, client: client, hosts: make(map[string]*hostQueue)}
}

// admit reports whether t may start now on host, taking a slot; when not,
// t waits for one.
func (h *hostTurns) admit(host string, t *turn) bool {
	q := h.hosts[host]
	if q == nil {
		q = &hostQueue{}
		h.hosts[host] = q
	}
	if q.busy < h.parallel {
		q.busy++
		return true
	}
	t.where = turnQueued
	q.waiting = append(q.waiting, t)
	h.client.Waiting(host, 1)
	return false
}

// release gives back a slot of host and returns the turn that takes it,
// if one waits (turns removed meanwhile are dropped).
func (h *hostTurns) release(host string) (*turn, bool) {
	q := h.hosts[host]
	q.busy--
	for len(q.waiting) > 0 {
		t := q.waiting[0]
		q.waiting[0] = nil
		q.waiting = q.waiting[1:]
		h.client.Waiting(host, -1)
		if !t.removed {
			q.busy++
			return t, true
		}
	}
	if q.busy == 0 {
		delete(h.hosts, host)
	}
	return nil, false
}

// drain forgets every waiting turn, when the scheduler stops, so that the
// limiter counts none of them any longer.
func (h *hostTurns) drain() {
	for host, q := range h.hosts {
		for range q.waiting {
			h.client.Waiting(host, -1)
		}
		delete(h.hosts, host)
	}
}
