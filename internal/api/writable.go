package api

import (
	"sync"
	"time"
)

// writableCheck remembers for a while whether the archive takes writes:
// each check commits a transaction and syncs the disk, and /healthz is
// open to any prober, however often it asks.
type writableCheck struct {
	check func() error
	ttl   time.Duration
	now   func() time.Time

	mu  sync.Mutex
	at  time.Time
	err error
}

// get returns the last result when younger than ttl, else checks again.
func (w *writableCheck) get() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if now := w.now(); w.at.IsZero() || now.Sub(w.at) >= w.ttl {
		w.err, w.at = w.check(), now
	}
	return w.err
}
