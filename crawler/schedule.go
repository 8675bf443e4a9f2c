package crawler

import (
	"errors"
	"hash/fnv"
	"slices"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// afterSuccess is how long to wait after a poll that read the feed: the
// feed's interval (learned in adaptive mode), never less than the floor
// the server asked for (itself capped at MaxInterval), plus jitter.
func (c *Crawler) afterSuccess(feed store.Feed, fr *feedResponse) time.Duration {
	base := feed.Interval
	if c.o.Adaptive && !fr.NotModified {
		base = adaptiveInterval(fr.Items, feed.Interval, c.o.MinInterval, c.o.MaxInterval)
	}
	return c.jitter(max(base, min(fr.Floor, c.o.MaxInterval)))
}

// afterFailure is how long to wait after the n-th consecutive failure:
// the interval doubled per failure, with jitter, up to BackoffCap. A
// Retry-After is honoured to the second; a 410 goes straight to the cap.
// A failing feed is never dropped: it is retried at least every BackoffCap.
func (c *Crawler) afterFailure(feed store.Feed, n int, err error) time.Duration {
	var fe *fetch.Error
	if errors.As(err, &fe) && fe.RetryAfter > 0 {
		return min(fe.RetryAfter, c.o.BackoffCap)
	}
	if KindOf(err) == fetch.KindGone {
		return c.o.BackoffCap
	}
	d := feed.Interval
	for i := 1; i < n && d < c.o.BackoffCap; i++ {
		d *= 2
	}
	return min(c.jitter(d), c.o.BackoffCap)
}

// jitter lengthens d by up to the Jitter fraction, never shortens it, so
// that feeds drift apart without ever polling faster than asked.
func (c *Crawler) jitter(d time.Duration) time.Duration {
	return d + time.Duration(float64(d)*c.o.Jitter*c.o.Rand())
}

// adaptiveInterval learns a feed's publishing rate from its items: half
// the median gap between the latest dated items, within [lo, hi]. A feed
// with too few dated items keeps its configured interval.
func adaptiveInterval(items []Item, configured, lo, hi time.Duration) time.Duration {
	var dates []time.Time
	for _, it := range items {
		if !it.Published.IsZero() {
			dates = append(dates, it.Published)
		}
	}
	if len(dates) < 3 {
		return configured
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return b.Compare(a) })
	dates = dates[:min(len(dates), 11)]
	gaps := make([]time.Duration, 0, len(dates)-1)
	for i := 1; i < len(dates); i++ {
		gaps = append(gaps, dates[i-1].Sub(dates[i]))
	}
	slices.Sort(gaps)
	return min(max(gaps[len(gaps)/2]/2, lo), hi)
}

// firstCheck is when to poll feed first after a start: its stored next
// check when still ahead (the schedule resumes), else a stable moment
// within window, so that a restart is no burst.
func (c *Crawler) firstCheck(feed store.Feed, st store.FeedState, now time.Time, window time.Duration) time.Time {
	if st.NextCheck.After(now) && st.ConfigURL == feed.URL {
		limit := now.Add(feed.Interval)
		if st.ConsecutiveErrors > 0 {
			limit = now.Add(c.o.BackoffCap)
		}
		return minTime(st.NextCheck, limit) // the interval may have been shortened
	}
	return now.Add(spread(feed.Name, min(feed.Interval, window)))
}

// spreadWindow is how long a start-up spreads n due feeds over: one
// host_delay each (at least 10ms), as if they all shared one host.
func (c *Crawler) spreadWindow(n int) time.Duration {
	return time.Duration(n) * max(c.o.HostDelay, 10*time.Millisecond)
}

// spread places name at a stable moment within window.
func spread(name string, window time.Duration) time.Duration {
	if window <= 0 {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(name))
	return time.Duration(h.Sum64() % uint64(window))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
