package crawler

import (
	"context"
	"time"
)

// sleepUntil is how the retry and revisit loops wait for their schedule:
// until next (at most idle; a zero next waits idle), until wake says the
// schedule changed, or until ctx ends.
func (c *Crawler) sleepUntil(ctx context.Context, next time.Time, idle time.Duration, wake <-chan struct{}) {
	d := idle
	if !next.IsZero() {
		d = min(next.Sub(c.o.Now()), idle)
	}
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-wake:
	case <-ctx.Done():
	}
}

// nudge tells the loop sleeping on wake that its schedule changed,
// without waiting: a nudge already pending is enough.
func nudge(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}
