package crawler

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// chaosServer misbehaves in one way per path until healed: resets,
// truncated bodies, trickled bytes, 500s, 429s, a challenge page instead
// of XML, invalid XML, a lying charset, a 50 MB page, a gzip bomb (as
// gzip and as x-gzip), a redirect loop. Once healed it serves a good feed and good pages.
type chaosServer struct {
	*httptest.Server
	healed atomic.Bool
	bomb   []byte
}

// chaosModes are the ways a feed or a page can fail, with the kind of
// error each must give.
var chaosModes = []struct {
	name string
	kind fetch.Kind
}{
	{"reset", fetch.KindNetwork},
	{"truncated", fetch.KindNetwork},
	{"trickle", fetch.KindTimeout},
	{"server-error", fetch.KindServer},
	{"rate-limited", fetch.KindRateLimited},
	{"challenge", fetch.KindForbidden},
	{"invalid-xml", KindParse},
	{"huge", fetch.KindTooLarge},
	{"gzip-bomb", fetch.KindTooLarge},
	{"x-gzip-bomb", fetch.KindTooLarge}, // decoded by no transport: ours must cap it
	{"redirect-loop", fetch.KindNetwork},
}

func newChaosServer(t *testing.T) *chaosServer {
	t.Helper()
	s := &chaosServer{bomb: gzipBomb(t, 50<<20)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// gzipBomb compresses n zero bytes: a small body that inflates to n.
func gzipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range n >> 20 {
		if _, err := zw.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// serve routes /feed/<mode> and /page/<mode>/<n>.
func (s *chaosServer) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 {
		http.NotFound(w, r)
		return
	}
	if !s.healed.Load() && s.misbehave(w, r, parts[1], parts[0] == "feed") {
		return
	}
	if parts[0] == "feed" {
		s.goodFeed(w, parts[1])
		return
	}
	goodPage(w, strings.Join(parts[1:], " "))
}

func (s *chaosServer) goodFeed(w http.ResponseWriter, mode string) {
	w.Header().Set("Content-Type", "application/rss+xml")
	var items strings.Builder
	for i := range 2 {
		link := fmt.Sprintf("%s/page/%s/%d", s.URL, mode, i)
		fmt.Fprintf(&items, "<item><title>%s %d</title><link>%s</link><guid>%s-%d</guid></item>", mode, i, link, mode, i)
	}
	fmt.Fprint(w, rssDoc(items.String()))
}

func goodPage(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="fr"><head><title>Page %[1]s</title></head><body><article><h1>Page %[1]s</h1>
<p>Le conseil municipal de la ville a voté mardi le budget de l’année, après une séance de six heures consacrée aux écoles (%[1]s).</p>
<p>Les élus ont prévu de rénover trois groupes scolaires et de planter deux cents arbres le long des avenues du centre.</p>
<p>L’opposition a réclamé un calendrier précis ; la maire a promis de le publier avant la fin du mois prochain.</p>
</article></body></html>`, name)
}

// misbehave answers badly in the way mode names; false when mode is not
// a way to fail.
func (s *chaosServer) misbehave(w http.ResponseWriter, r *http.Request, mode string, feed bool) bool {
	switch mode {
	case "reset":
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	case "truncated":
		w.Header().Set("Content-Length", "100000")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>cut`)
	case "trickle":
		trickle(w, r)
	case "server-error":
		http.Error(w, "boom", http.StatusInternalServerError)
	case "rate-limited":
		w.Header().Set("Retry-After", "30")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	case "challenge": // a feed gets a 200 login page; a page the usual 403 challenge
		w.Header().Set("Content-Type", "text/html")
		if !feed {
			w.Header().Set("Cf-Mitigated", "challenge")
			w.WriteHeader(http.StatusForbidden)
		}
		fmt.Fprint(w, "<!DOCTYPE html><html><body>Checking your browser before accessing the site.</body></html>")
	case "invalid-xml":
		if !feed {
			return false
		}
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>a & b</title><item><link>`)
	case "huge":
		huge(w)
	case "gzip-bomb":
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(s.bomb)
	case "x-gzip-bomb":
		w.Header().Set("Content-Encoding", "x-gzip")
		w.Write(s.bomb)
	case "redirect-loop":
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	default:
		return false
	}
	return true
}

// trickle sends a byte at a time until the client gives up.
func trickle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/rss+xml")
	for i := 0; ; i++ {
		if _, err := w.Write([]byte{' '}); err != nil {
			return
		}
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// huge streams 50 MB.
func huge(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html")
	chunk := bytes.Repeat([]byte("<p>encore</p>"), 1<<16)
	for written := 0; written < 50<<20; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
}

// chaosTimeout bounds each request of the chaos crawler. Only the trickle
// needs a timeout to end, and one this long costs the test a few seconds
// once; the recovery polls that follow must never meet it, and under
// -race on a loaded machine of two cores a healthy local answer can take
// longer than the 500 ms this once was.
const chaosTimeout = 3 * time.Second

// chaosClock is the chaos crawler's clock: healing moves it past every
// page's next try.
type chaosClock struct{ ns atomic.Int64 }

func (c *chaosClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *chaosClock) advance(d time.Duration) { c.ns.Add(int64(d)) }
func newChaosClock() *chaosClock              { c := &chaosClock{}; c.ns.Store(time.Now().UnixNano()); return c }

func chaosCrawler(t *testing.T, clock *chaosClock) (*Crawler, *store.DB) {
	return archivingCrawler(t, Options{
		AllowPrivateNetworks: true, Timeout: chaosTimeout,
		MaxBodyBytes: 1 << 20, HostParallel: 8, MaxParallel: 16, Now: clock.now,
	})
}

func TestChaosFeedsFailClassifiedThenHeal(t *testing.T) {
	srv := newChaosServer(t)
	clock := newChaosClock()
	c, db := chaosCrawler(t, clock)
	var feeds []store.Feed
	for _, m := range chaosModes {
		feeds = append(feeds, store.Feed{Name: m.name, URL: srv.URL + "/feed/" + m.name, Interval: time.Hour})
	}
	var errs []error
	allocated := allocatedDuring(func() { _, errs = c.PollAll(t.Context(), feeds) })
	// A 50 MB body or a gzip bomb read whole would show here.
	if allocated > 40<<20 {
		t.Errorf("polling the hostile feeds allocated %d MB: bodies are not capped", allocated>>20)
	}
	for i, m := range chaosModes {
		t.Run(m.name, func(t *testing.T) {
			if got := KindOf(errs[i]); got != m.kind {
				t.Errorf("feed error kind %q (%v), want %q", got, errs[i], m.kind)
			}
			st, err := db.FeedState(m.name)
			if err != nil || st.ConsecutiveErrors != 1 || st.LastErrorKind != string(m.kind) || !st.NextCheck.After(st.LastPoll) {
				t.Errorf("state %+v (err %v): want one %s error and a next check", st, err, m.kind)
			}
		})
	}
	srv.healed.Store(true)
	clock.advance(48 * time.Hour)
	wantArchivedOnce(t, c, db, feeds, 2*len(feeds))
}

func TestChaosPagesFailClassifiedThenHeal(t *testing.T) {
	srv := newChaosServer(t)
	clock := newChaosClock()
	c, db := chaosCrawler(t, clock)
	feed := store.Feed{Name: "pages", URL: srv.URL + "/feed/pages", Interval: time.Hour}
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed/pages" { // a good feed linking to every kind of bad page
			var items strings.Builder
			for _, m := range chaosModes {
				fmt.Fprintf(&items, "<item><title>%[1]s</title><link>%[2]s/page/%[1]s/0</link></item>", m.name, srv.URL)
			}
			fmt.Fprint(w, rssDoc(items.String()))
			return
		}
		srv.serve(w, r)
	})
	var sums []Summary
	var errs []error
	allocated := allocatedDuring(func() { sums, errs = c.PollAll(t.Context(), []store.Feed{feed}) })
	if allocated > 40<<20 {
		t.Errorf("fetching the hostile pages allocated %d MB: bodies are not capped", allocated>>20)
	}
	if errs[0] != nil {
		t.Fatalf("the feed itself is good: %v", errs[0])
	}
	// invalid XML means nothing for a page: it is archived at once. A page
	// too large will not shrink by asking again: with no text of its own in
	// the feed, its item is given up. The others may pass: they wait for
	// their next try.
	tooLarge := 0
	for _, m := range chaosModes {
		if m.kind == fetch.KindTooLarge {
			tooLarge++
		}
	}
	if s := sums[0]; s.New != 1 || s.Failed != tooLarge || s.Pending != len(chaosModes)-1-tooLarge {
		t.Errorf("first poll: %+v, want 1 archived, %d given up, %d pending", s, tooLarge, len(chaosModes)-1-tooLarge)
	}
	srv.healed.Store(true)
	clock.advance(48 * time.Hour) // past every next try, Retry-After included
	wantArchivedOnce(t, c, db, []store.Feed{feed}, len(chaosModes)-tooLarge)
}

// wantArchivedOnce polls twice more: the first archives what was
// missing, the second nothing; the archive then holds want articles.
func wantArchivedOnce(t *testing.T, c *Crawler, db *store.DB, feeds []store.Feed, want int) {
	t.Helper()
	for round := range 2 {
		_, errs := c.PollAll(t.Context(), feeds)
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d after healing, feed %s: %v", round, feeds[i].Name, err)
			}
		}
	}
	if n, err := db.Count(); err != nil || n != want {
		t.Errorf("archive holds %d articles (err %v), want each of %d exactly once", n, err, want)
	}
}

// allocatedDuring returns the bytes the process allocated while f ran
// (the chaos server's own allocations included).
func allocatedDuring(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
