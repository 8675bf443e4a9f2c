package crawler

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// itemSite serves feeds of items whose pages are held until the test lets
// them go, and logs the pages asked for.
type itemSite struct {
	items map[string]int // items of each feed, by feed number
	// feedGate, when not nil, holds the request of the feed it names
	// until it is closed.
	feedGate map[string]chan struct{}
	pages    chan struct{} // one receive lets one page go
	mu       sync.Mutex
	asked    []string // pages, in the order asked for
}

func (s *itemSite) handle(w http.ResponseWriter, r *http.Request) {
	feed, ok := strings.CutPrefix(r.URL.Path, "/rss/")
	if ok {
		if g := s.feedGate[feed]; g != nil {
			<-g
		}
		var items strings.Builder
		for i := range s.items[feed] {
			fmt.Fprintf(&items, `<item><title>%[1]s %[2]d</title><link>http://news.test/page/%[1]s/%[2]d</link><guid>%[1]s-%[2]d</guid></item>`, feed, i)
		}
		fmt.Fprint(w, rssDoc(items.String()))
		return
	}
	page, ok := strings.CutPrefix(r.URL.Path, "/page/")
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	s.asked = append(s.asked, page)
	s.mu.Unlock()
	<-s.pages
	fmt.Fprintf(w, `<html><body><article><p>The story of %s, told at some length so that the cleaner keeps it as an article body.</p></article></body></html>`, page)
}

func (s *itemSite) askedFor() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.asked)
}

// runItemSite runs the scheduler over feeds of site and returns the
// function that stops it, letting every page go.
func runItemSite(t *testing.T, site *itemSite, o Options, feeds []store.Feed) (stop func()) {
	t.Helper()
	sched := &schedSite{handler: site.handle}
	c, db := schedCrawler(t, sched, o)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		c.Run(ctx, feeds)
		close(done)
	}()
	return func() {
		close(site.pages)
		cancel()
		<-done
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	}
}

// TestItemsWaitingForWorkersHoldFewGoroutines: when the items of many
// feeds all wait for the same few worker slots, as after a restart with a
// backlog, each poll waits in its own goroutine, with at most Workers
// helpers among them all, not a goroutine for each item.
func TestItemsWaitingForWorkersHoldFewGoroutines(t *testing.T) {
	const feeds, items, workers, allowed = 60, 10, 4, 40
	synctest.Test(t, func(t *testing.T) {
		site := &itemSite{items: map[string]int{}, pages: make(chan struct{})}
		var fs []store.Feed
		for i := range feeds {
			name := fmt.Sprint(i)
			site.items[name] = items
			fs = append(fs, store.Feed{Name: "f" + name, URL: "http://news.test/rss/" + name, Interval: time.Hour})
		}
		before := runtime.NumGoroutine()
		stop := runItemSite(t, site, Options{Workers: workers, HostParallel: 2 * workers}, fs)
		time.Sleep(time.Minute) // every feed polled: the start-up spread is 0.6s
		synctest.Wait()
		grown := runtime.NumGoroutine() - before
		asked := len(site.askedFor())
		stop()
		if asked != workers {
			t.Errorf("%d pages asked for at once, want %d (workers)", asked, workers)
		}
		if grown > feeds+allowed {
			t.Errorf("%d goroutines more while the items of %d feeds wait, want at most %d", grown, feeds, feeds+allowed)
		}
	})
}

// TestAFeedOfManyItemsDoesNotHoldBackLaterFeeds: the items of a feed
// polled later take their turn among the items of a long feed polled
// before, instead of waiting for all of them.
func TestAFeedOfManyItemsDoesNotHoldBackLaterFeeds(t *testing.T) {
	const workers = 2
	synctest.Test(t, func(t *testing.T) {
		late := make(chan struct{})
		site := &itemSite{
			items:    map[string]int{"long": 12, "late": 1},
			feedGate: map[string]chan struct{}{"late": late},
			pages:    make(chan struct{}),
		}
		stop := runItemSite(t, site, Options{Workers: workers, HostParallel: 4}, []store.Feed{
			{Name: "long", URL: "http://news.test/rss/long", Interval: time.Hour},
			{Name: "late", URL: "http://news.test/rss/late", Interval: time.Hour},
		})
		time.Sleep(time.Minute)
		synctest.Wait() // the long feed's first pages are asked for; its others wait
		close(late)
		synctest.Wait() // the late feed's item waits too
		for range 12 + 1 {
			site.pages <- struct{}{}
			synctest.Wait()
		}
		asked := site.askedFor()
		stop()
		at := slices.Index(asked, "late/0")
		if at < 0 || at > workers {
			t.Errorf("pages asked for in the order %v: the late feed's page came %d, want among the first %d", asked, at+1, workers+1)
		}
	})
}
