package crawler

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

func TestReloadAddsRemovesAndChangesFeeds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := &schedSite{handler: func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, rssDoc("")) }}
		c, db := schedCrawler(t, site, Options{})
		feed := func(name string, every time.Duration) store.Feed {
			return store.Feed{Name: name, URL: "http://" + name + ".test/rss", Interval: every}
		}
		kept, removed, added := feed("kept", time.Hour), feed("removed", time.Hour), feed("added", time.Hour)
		start := time.Now()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			c.Run(ctx, []store.Feed{kept, removed})
			close(done)
		}()
		synctest.Wait() // both first polls done
		time.Sleep(10 * time.Minute)

		cl, err := clean.New([]clean.Rule{{Host: "added.test", Body: "main"}})
		if err != nil {
			t.Fatal(err)
		}
		faster := kept
		faster.Interval = 15 * time.Minute
		c.Reload(Reload{Feeds: []store.Feed{faster, added}, Cleaner: cl})
		time.Sleep(3 * time.Hour)
		cancel()
		<-done
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		if n := len(site.times(removed.URL, start)); n != 1 {
			t.Errorf("the removed feed was polled %d times, want only its first poll", n)
		}
		if n := len(site.times(added.URL, start)); n < 3 {
			t.Errorf("the added feed was polled %d times in 3 hours, want its hourly schedule", n)
		}
		got := site.times(kept.URL, start)
		if len(got) < 2 || got[1]-got[0] != 15*time.Minute {
			t.Errorf("the changed feed's polls at %v: want the second 15m after the first (the new interval applies at once)", got)
		}
		if got := c.cleaner.Load(); got != cl {
			t.Errorf("cleaner with rules %q after reload, want the new one (%q)", got.Fingerprint(), cl.Fingerprint())
		}
	})
}
