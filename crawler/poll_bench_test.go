package crawler

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// BenchmarkPollNotModified measures one conditional poll answered 304:
// the request through the host limiter and the feed state update (the
// state is written by the daemon's state book, not per poll).
func BenchmarkPollNotModified(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, rssDoc(""))
	}))
	defer srv.Close()
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cl, err := clean.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(db, cl, Options{AllowPrivateNetworks: true, HostParallel: 64, MaxParallel: 64})
	if err != nil {
		b.Fatal(err)
	}
	pages := c.fetcher.Pages(b.Context())
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		// Each goroutine polls its own feed, carrying its state along as
		// the daemon's loop does.
		i := next.Add(1)
		feed := store.Feed{Name: fmt.Sprintf("f%d", i), URL: fmt.Sprintf("%s/%d", srv.URL, i), Interval: time.Minute}
		var st store.FeedState
		for pb.Next() {
			var err error
			if _, st, err = c.pollFeed(b.Context(), pages, feed, st, func() {}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
