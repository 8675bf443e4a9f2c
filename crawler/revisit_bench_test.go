package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// BenchmarkRevisitsLoopback measures revisits per second against a real
// HTTP server on loopback, one host, as the revisit loop makes them:
// conditional GETs that a third of the time come back changed (a new
// revision), the rest 304 or the same page. The sub-benchmarks set the
// host's pacing (host_delay); "budget-share" is the rate reached over the
// most that pacing allows (one request per delay), so 1 means revisits
// use all of it, never more.
//
//	go test -run '^$' -bench RevisitsLoopback -benchtime 300x ./crawler
func BenchmarkRevisitsLoopback(b *testing.B) {
	for _, delay := range []time.Duration{0, 10 * time.Millisecond, 50 * time.Millisecond} {
		b.Run(fmt.Sprintf("host_delay=%v", delay), func(b *testing.B) { benchRevisits(b, delay) })
	}
}

func benchRevisits(b *testing.B, delay time.Duration) {
	paths := make([]string, b.N)
	for i := range paths {
		paths[i] = fmt.Sprintf("/story/%d", i)
	}
	site := newEditSite(paths...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/rss" { // links on this server, not edit.test
			var items strings.Builder
			for _, p := range paths {
				fmt.Fprintf(&items, "<item><title>Story %[1]s</title><guid>%[1]s</guid><link>http://%[2]s%[1]s</link></item>", p, r.Host)
			}
			fmt.Fprint(w, rssDoc(items.String()))
			return
		}
		site.serve(w, r)
	}))
	defer srv.Close()
	ages := []time.Duration{time.Millisecond, time.Hour}
	c, db := archivingCrawler(b, Options{AllowPrivateNetworks: true, Revisit: ages, Workers: 8})
	if _, errs := c.PollAll(b.Context(), []store.Feed{{Name: "edit", URL: srv.URL + "/rss", Interval: time.Hour}}); errs[0] != nil {
		b.Fatal(errs[0])
	}
	for i, p := range paths {
		if i%3 == 0 {
			site.edit(p, func(e *editPage) { e.text += " An update came in the afternoon." })
		}
	}
	cl, err := clean.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	later := func() time.Time { return time.Now().Add(time.Second) } // every first revisit due
	r, err := New(db, cl, Options{AllowPrivateNetworks: true, Revisit: ages, Workers: 8, HostDelay: delay, Now: later})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	rf := r.newRevisitFetcher(ctx)
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n, err := r.revisitDue(ctx, rf)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatalf("%d of %d revisited, then none due", done, b.N)
		}
		done += n
	}
	elapsed := time.Since(start)
	b.StopTimer()
	st, err := db.Revisits()
	if err != nil || st.Changed+st.Unchanged < b.N || st.Failed != 0 {
		b.Fatalf("revisit counts %+v (%v), want %d revisits, none failed", st, err, b.N)
	}
	rate := float64(b.N) / elapsed.Seconds()
	b.ReportMetric(rate, "revisits/s")
	if delay > 0 {
		b.ReportMetric(rate*delay.Seconds(), "budget-share")
	}
}
