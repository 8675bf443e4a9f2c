package crawler

import (
	"sync/atomic"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// Reload is what a configuration reload changes in a running crawler.
type Reload struct {
	Feeds   []Feed
	Cleaner *clean.Cleaner
	Sites   []SiteHeaders
}

// Reload hands a new configuration to Run: added feeds start on their
// schedule, removed feeds stop once their poll in flight (if any) ends,
// changed feeds and site rules apply from the next poll, site headers
// from the next request. When two reloads come before Run takes the
// first, the latest wins.
func (c *Crawler) Reload(r Reload) {
	c.o.sites.set(r.Sites)
	for {
		select {
		case c.reloads <- r:
			return
		default:
		}
		select {
		case <-c.reloads: // drop the older one
		default:
		}
	}
}

// feedLoop is one feed's polling loop, as Run tracks it.
type feedLoop struct {
	feed atomic.Pointer[Feed] // read at each poll, so changes apply next time
	stop chan struct{}        // closed to end the loop between polls
	wake chan struct{}        // the feed changed: its wait is recomputed
}

func newFeedLoop(f Feed) *feedLoop {
	l := &feedLoop{stop: make(chan struct{}), wake: make(chan struct{}, 1)}
	l.feed.Store(&f)
	return l
}

// feedLoops are Run's loops by feed name.
type feedLoops map[string]*feedLoop

// apply makes loops match r: returns the feeds to start.
func (ls feedLoops) apply(r Reload) (added []Feed, removed, changed int) {
	keep := make(map[string]bool, len(r.Feeds))
	for _, f := range r.Feeds {
		keep[f.Name] = true
		l, ok := ls[f.Name]
		if !ok {
			added = append(added, f)
			continue
		}
		if !l.feed.Load().Equal(f) {
			l.feed.Store(&f)
			select {
			case l.wake <- struct{}{}:
			default:
			}
			changed++
		}
	}
	for name, l := range ls {
		if !keep[name] {
			close(l.stop)
			delete(ls, name)
			removed++
		}
	}
	return added, removed, changed
}
