package crawler

import (
	"context"
	"time"
)

// archiveWaitFirst is how long the retry and revisit loops wait after a
// pass whose work the archive could not record.
const archiveWaitFirst = time.Minute

// archiveWait keeps a loop from making the same work again and again
// while the archive cannot record it (a full disk, a failing device):
// what it could not record is due still, so without a wait the loop would
// fetch the same pages over and over as fast as the host limits allow.
type archiveWait struct {
	last time.Duration // the wait after the last pass; zero after a good one
	most time.Duration
}

// after is how long to wait after a pass, failed saying whether the
// archive failed to record some of its work: nothing after a good pass;
// a minute after the first failed one, twice the last wait after each
// next one, at most w.most.
func (w *archiveWait) after(failed bool) time.Duration {
	if !failed {
		w.last = 0
		return 0
	}
	w.last = min(max(2*w.last, archiveWaitFirst), w.most)
	return w.last
}

// waitAfter ends a pass of the loop named what: after a pass whose
// error err says the archive failed, it logs err with the wait and
// waits; it reports whether it did.
func (c *Crawler) waitAfter(ctx context.Context, w *archiveWait, what string, err error) bool {
	d := w.after(err != nil)
	if d == 0 {
		return false
	}
	c.o.Logger.Error(what+": the archive could not be read or written; will try again", "in", d, "err", err)
	c.sleepUntil(ctx, c.o.Now().Add(d), d, nil)
	return true
}
