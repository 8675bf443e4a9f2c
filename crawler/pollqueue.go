package crawler

import "github.com/depeche-archiver/depeche/crawler/fetch"

// pollQueues let at most parallel polls of one host be in flight from the
// scheduler; the turns due beyond wait in the host's queue, in order. A
// turn queued here counts as a normal request waiting for a slot of its
// host in the fetch client (CountWaiting), so that a retry or a revisit
// still yields to the polls due before it, as when every due poll waited
// in the client itself.
type pollQueues struct {
	parallel int
	client   *fetch.Client
	hosts    map[string]*pollQueue
}

// pollQueue is one host's polls: those fetching and the turns queued.
type pollQueue struct {
	busy    int
	waiting []*turn
}

func newPollQueues(parallel int, client *fetch.Client) *pollQueues {
	return &pollQueues{parallel: parallel, client: client, hosts: make(map[string]*pollQueue)}
}

// admit reports whether t may start now on host, taking a slot; when not,
// t waits for one.
func (h *pollQueues) admit(host string, t *turn) bool {
	q := h.hosts[host]
	if q == nil {
		q = &pollQueue{}
		h.hosts[host] = q
	}
	if q.busy < h.parallel {
		q.busy++
		return true
	}
	t.where = turnQueued
	q.waiting = append(q.waiting, t)
	h.client.CountWaiting(host, 1)
	return false
}

// release gives back a slot of host and returns the turn that takes it,
// if one waits (turns removed meanwhile are dropped).
func (h *pollQueues) release(host string) (*turn, bool) {
	q := h.hosts[host]
	q.busy--
	for len(q.waiting) > 0 {
		t := q.waiting[0]
		q.waiting[0] = nil
		q.waiting = q.waiting[1:]
		h.client.CountWaiting(host, -1)
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
// fetch client counts none of them any longer.
func (h *pollQueues) drain() {
	for host, q := range h.hosts {
		for range q.waiting {
			h.client.CountWaiting(host, -1)
		}
		delete(h.hosts, host)
	}
}
