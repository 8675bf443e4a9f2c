package crawler

import (
	"slices"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// Reload is what a configuration reload changes in a running crawler.
type Reload struct {
	Feeds   []store.Feed
	Cleaner *clean.Cleaner
	Sites   []fetch.SiteHeaders
}

// Reload hands a new configuration to Run: added feeds start on their
// schedule, removed feeds stop once their poll in flight (if any) ends,
// changed feeds and site rules apply from the next poll, site headers
// from the next request. When two reloads come before Run takes the
// first, the latest wins.
func (c *Crawler) Reload(r Reload) {
	c.fetcher.SetSites(r.Sites)
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

// reload applies r to the turns: added feeds are read and scheduled,
// removed ones dropped (one polling ends its poll first), changed ones
// apply from their next poll, a shortened interval at once.
func (s *scheduler) reload(r Reload) {
	s.c.cleaner.Store(r.Cleaner)
	keep := make(map[string]bool, len(r.Feeds))
	var added []store.Feed
	changed, removed := 0, 0
	for _, f := range r.Feeds {
		keep[f.Name] = true
		t, ok := s.turns[f.Name]
		switch {
		case !ok:
			added = append(added, f)
		case !t.feed.Equal(f):
			t.feed = f
			s.c.feedURLs.Store(f.Name, f.URL)
			s.wake(t)
			changed++
		}
	}
	for name, t := range s.turns {
		if !keep[name] {
			s.drop(t)
			delete(s.turns, name)
			removed++
		}
	}
	s.add(added)
	s.c.o.Logger.Info("config reloaded", "feeds", len(s.turns), "added", len(added), "removed", removed, "changed", changed)
}

// wake recomputes the next check of a sleeping turn whose feed changed;
// a turn elsewhere does it when it sleeps again.
func (s *scheduler) wake(t *turn) {
	if t.where != turnSleeping {
		t.changed = true
		return
	}
	t.reconsider()
	s.due.fix(t)
}

// drop takes t out of the schedule; a feed polling now stays one Run
// polls until its poll ends.
func (s *scheduler) drop(t *turn) {
	t.removed = true
	switch t.where {
	case turnSleeping:
		s.due.remove(t)
	case turnParked:
		s.parked = slices.DeleteFunc(s.parked, func(p *turn) bool { return p == t })
	}
	if t.where != turnPolling {
		s.unlist(t)
	}
}

// unlist forgets a removed turn's feed as one Run polls, unless a reload
// added it again meanwhile.
func (s *scheduler) unlist(t *turn) {
	if other, ok := s.turns[t.feed.Name]; !ok || other == t {
		s.c.feedURLs.Delete(t.feed.Name)
	}
}
