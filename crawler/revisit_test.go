package crawler

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// editPage is an article page as the edit site serves it now.
type editPage struct {
	title, text string
	status      int    // an error status to answer with; 0 serves the page
	redirect    string // a path to redirect to (301); "" serves the page
}

// editSite serves an RSS feed of its pages and the pages themselves, with
// an ETag, a view counter, the time the page was built and a box of
// related stories that change at every request, as real article pages do. Tests edit its pages between
// requests.
type editSite struct {
	mu      sync.Mutex
	pages   map[string]*editPage // by path
	order   []string
	pubDate map[string]string // an RSS pubDate by path
	views   int
	hits    map[string]int
}

func newEditSite(paths ...string) *editSite {
	s := &editSite{pages: map[string]*editPage{}, pubDate: map[string]string{}, hits: map[string]int{}}
	for _, p := range paths {
		s.pages[p] = &editPage{title: "Story " + p, text: "The harbour authority counted twelve ships on Monday morning at pier " + p + "."}
		s.pubDate[p] = "Mon, 03 Mar 2025 08:00:00 +0000"
		s.order = append(s.order, p)
	}
	return s
}

func (s *editSite) edit(path string, f func(p *editPage)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s.pages[path])
}

func (s *editSite) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *editSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits[r.URL.Path]++
	if r.URL.Path == "/rss" {
		var items string
		for _, p := range s.order {
			items += fmt.Sprintf("<item><title>Story %[1]s</title><guid>%[1]s</guid><link>http://edit.test%[1]s</link><pubDate>%[2]s</pubDate>"+
				"<description>The feed's own summary of story %[1]s, about ships and cranes.</description></item>", p, s.pubDate[p])
		}
		fmt.Fprint(w, rssDoc(items))
		return
	}
	if r.URL.Path == "/" || r.URL.Path == "/world/" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Edit News</title></head><body><nav><a href="/world/">World</a></nav><ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li></ul></body></html>`)
		return
	}
	p, ok := s.pages[r.URL.Path]
	switch {
	case !ok:
		http.NotFound(w, r)
	case p.status != 0:
		http.Error(w, http.StatusText(p.status), p.status)
	case p.redirect != "":
		http.Redirect(w, r, p.redirect, http.StatusMovedPermanently)
	default:
		s.views++
		etag := fmt.Sprintf(`"%x"`, len(p.title)*1000+len(p.text))
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag && s.views%2 == 0 { // a cache that sometimes says so
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>%[1]s</title></head><body>
<header><a href="/">Edit News</a> <span class="clock">Page built %[5]s</span></header>
<article><h1>%[1]s</h1>
<p>%[2]s</p>
<p>Dock workers said the new cranes had cut the time a ship waits at anchor by half since the spring.</p>
<p>The authority will publish its yearly figures in April, with a report on the dredging of the channel.</p>
</article>
<aside><h2>Related</h2><ul><li><a href="/r%[3]d">Related story %[3]d</a></li><li><a href="/r%[4]d">Related story %[4]d</a></li></ul></aside>
<footer><span class="views">%[3]d views</span></footer>
</body></html>`, p.title, p.text, s.views, s.views+7, time.Now().Format(time.RFC1123))
	}
}

// revisitOptions revisit an hour, two and three hours after archiving.
func revisitOptions() Options {
	return Options{Revisit: []time.Duration{time.Hour, 2 * time.Hour, 3 * time.Hour}}
}

var editFeeds = []store.Feed{{Name: "edit", URL: "http://edit.test/rss", Interval: 30 * time.Minute}}

// runEdit runs the scheduler over the edit site for hours+1 hours and a
// half of fake time, calling step(h) two minutes in (the pages archived)
// and then at h hours and a half (between two revisits), and returns the
// archive, opened again for reading.
func runEdit(t *testing.T, site *editSite, o Options, hours int, step func(hour int)) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	c, db := schedCrawlerAt(t, &schedSite{handler: site.serve}, o, path)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		c.Run(ctx, editFeeds)
		close(done)
	}()
	start := time.Now()
	time.Sleep(2 * time.Minute)
	for h := range hours + 1 {
		synctest.Wait()
		if step != nil {
			step(h)
		}
		time.Sleep(time.Until(start.Add(time.Duration(h+1)*time.Hour + 30*time.Minute)))
	}
	cancel()
	<-done
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return reopen(t, path)
}

func reopen(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// versionsOf returns every version of the article at path.
func versionsOf(t *testing.T, db *store.DB, path string) []*store.Article {
	t.Helper()
	id, ok, err := db.Seen("edit", path, "http://edit.test"+path)
	if err != nil || !ok {
		t.Fatalf("article %s not archived (%v)", path, err)
	}
	vs, err := db.Revisions(id)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func changesOf(vs []*store.Article) [][]string {
	var out [][]string
	for _, v := range vs[1:] {
		out = append(out, v.Changed)
	}
	return out
}

func TestRevisitTextChanged(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runEdit(t, site, revisitOptions(), 3, func(h int) {
			if h == 1 { // after the first revisit, before the second
				site.edit("/a", func(p *editPage) { p.text = "The harbour authority counted fifteen ships on Monday morning." })
			}
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 2 || !slices.Equal(vs[1].Changed, []string{"text"}) || !strings.Contains(vs[1].Text, "fifteen ships") {
			t.Fatalf("versions %d, changes %v; want one revision of the text", len(vs), changesOf(vs))
		}
		if vs[1].Reason != "revisit" {
			t.Errorf("revision reason %q, want revisit", vs[1].Reason)
		}
		s, err := db.Revisits()
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.RevisitStats{Unchanged: 2, Changed: 1}); s != want {
			t.Errorf("revisit counts %+v, want %+v", s, want)
		}
		if n := site.hitsOf("/a"); n != 4 {
			t.Errorf("page fetched %d times, want 4 (archived, 3 revisits)", n)
		}
	})
}

func TestRevisitTitleOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runEdit(t, site, revisitOptions(), 3, func(h int) {
			if h == 2 {
				site.edit("/a", func(p *editPage) { p.title = "Harbour traffic doubles" })
			}
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 2 || !slices.Equal(vs[1].Changed, []string{"title"}) || vs[1].Title != "Harbour traffic doubles" {
			t.Fatalf("versions %d, changes %v, title %q; want one revision of the title", len(vs), changesOf(vs), vs[len(vs)-1].Title)
		}
	})
}

func TestRevisitCounterOnlyMakesNoRevision(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a", "/b")
		db := runEdit(t, site, revisitOptions(), 3, nil)
		for _, p := range []string{"/a", "/b"} {
			if vs := versionsOf(t, db, p); len(vs) != 1 {
				t.Errorf("%s: %d versions, changes %v; a page whose counter, build time and related box change is the same article", p, len(vs), changesOf(vs))
			}
		}
		if s, _ := db.Revisits(); s.Unchanged != 6 || s.Changed+s.Withdrawn+s.Failed != 0 || s.Scheduled != 0 {
			t.Errorf("revisit counts %+v, want 6 unchanged and none left", s)
		}
	})
}

func TestRevisitPubDateBumpRefetches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runEdit(t, site, Options{}, 2, func(h int) { // revisits off: only the feed tells
			if h == 1 {
				site.edit("/a", func(p *editPage) { p.text = "Correction: the harbour authority counted eleven ships." })
				site.mu.Lock()
				site.pubDate["/a"] = "Mon, 03 Mar 2025 12:00:00 +0000"
				site.mu.Unlock()
			}
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 2 || !strings.Contains(vs[1].Text, "eleven ships") {
			t.Fatalf("versions %d, changes %v; want the corrected text as a revision", len(vs), changesOf(vs))
		}
		if n := site.hitsOf("/a"); n != 2 {
			t.Errorf("page fetched %d times, want 2: once archived, once for the new pubDate", n)
		}
	})
}

func TestRevisitGoneThenRestored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runEdit(t, site, revisitOptions(), 3, func(h int) {
			switch h {
			case 0:
				site.edit("/a", func(p *editPage) { p.status = http.StatusGone })
			case 2: // back before the third revisit
				site.edit("/a", func(p *editPage) { p.status = 0 })
			}
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 3 {
			t.Fatalf("versions %d, changes %v; want the withdrawal and the return", len(vs), changesOf(vs))
		}
		if w := vs[1]; w.Withdrawn.IsZero() || w.WithdrawnStatus != http.StatusGone || w.Text != vs[0].Text {
			t.Errorf("withdrawal: withdrawn %v status %d, text kept %v", w.Withdrawn, w.WithdrawnStatus, w.Text == vs[0].Text)
		}
		if r := vs[2]; !r.Withdrawn.IsZero() || !slices.Equal(r.Changed, []string{"withdrawn"}) {
			t.Errorf("return: withdrawn %v, changed %v", r.Withdrawn, r.Changed)
		}
		if s, _ := db.Revisits(); s.Withdrawn != 2 || s.Changed != 1 {
			t.Errorf("revisit counts %+v, want 2 withdrawn (one new), 1 changed", s)
		}
	})
}

func TestRevisitRedirectToHomeIsWithdrawn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/world/a", "/world/b")
		db := runEdit(t, site, revisitOptions(), 1, func(h int) {
			if h == 0 {
				site.edit("/world/a", func(p *editPage) { p.redirect = "/" })
				site.edit("/world/b", func(p *editPage) { p.redirect = "/world/" })
			}
		})
		for _, p := range []string{"/world/a", "/world/b"} {
			vs := versionsOf(t, db, p)
			cur := vs[len(vs)-1]
			if cur.Withdrawn.IsZero() || cur.WithdrawnStatus != http.StatusMovedPermanently {
				t.Errorf("%s: withdrawn %v, status %d; want withdrawn by its 301 away", p, cur.Withdrawn, cur.WithdrawnStatus)
			}
		}
	})
}

func TestRevisitsResumeAfterRestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		path := filepath.Join(t.TempDir(), "archive.db")
		sched := &schedSite{handler: site.serve}
		c, db := schedCrawlerAt(t, sched, revisitOptions(), path)
		runFor(t, c, db, editFeeds, 90*time.Minute) // archived, revisited once
		if n := site.hitsOf("/a"); n != 2 {
			t.Fatalf("page fetched %d times before the restart, want 2", n)
		}
		c, db = schedCrawlerAt(t, sched, revisitOptions(), path)
		runFor(t, c, db, editFeeds, 3*time.Hour)
		if n := site.hitsOf("/a"); n != 4 {
			t.Errorf("page fetched %d times in all, want 4: the revisits at 2h and 3h made after the restart, none twice", n)
		}
		s, err := reopen(t, path).Revisits()
		if want := (store.RevisitStats{Unchanged: 3}); err != nil || s != want {
			t.Errorf("revisit counts %+v (%v), want %+v", s, err, want)
		}
		// Each revisit asks conditionally, with the ETag the page's last
		// response carried, before the restart and after it.
		etag := fmt.Sprintf(`"%x"`, len("Story /a")*1000+len(site.pages["/a"].text))
		if got, want := sched.etags("http://edit.test/a"), []string{"", etag, etag, etag}; !slices.Equal(got, want) {
			t.Errorf("If-None-Match of the page's requests %q, want %q", got, want)
		}
	})
}

// TestRevisitsNeverDelayANewArticle: twenty revisits due on one host at
// the time a poll finds a new article there; the new article's page goes
// out after at most the revisits already holding the host's slots, not
// behind the twenty.
func TestRevisitsNeverDelayANewArticle(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var paths []string
		for i := range 20 {
			paths = append(paths, fmt.Sprintf("/old%d", i))
		}
		site := newEditSite(paths...)
		sched := &schedSite{handler: site.serve}
		path := filepath.Join(t.TempDir(), "archive.db")
		start := time.Now()
		o := Options{Revisit: []time.Duration{59*time.Minute + 40*time.Second}} // all due at once, just before the poll at 1h
		c, db := schedCrawlerAt(t, sched, o, path)
		runFor(t, c, db, editFeeds, 5*time.Minute) // the twenty archived at once

		const delay = 10 * time.Second
		o.HostDelay = delay
		o.Workers = 16     // eight revisits in flight, all waiting for the host
		o.HostParallel = 2 // of which two may hold the host's slots when the new page comes
		c, db = schedCrawlerAt(t, sched, o, path)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			c.Run(ctx, editFeeds) // polls on at 30m, 1h, as the archive says
			close(done)
		}()
		time.Sleep(50 * time.Minute)
		site.mu.Lock()
		site.pages["/new"] = &editPage{title: "Story new", text: "A new story about the lighthouse keepers of the northern cape."}
		site.pubDate["/new"] = "Mon, 03 Mar 2025 09:00:00 +0000"
		site.order = append(site.order, "/new")
		site.mu.Unlock()
		time.Sleep(30 * time.Minute)
		cancel()
		<-done
		db.Close()

		polls := sched.times("http://edit.test/rss", start)
		fetched := sched.times("http://edit.test/new", start)
		if len(fetched) != 1 {
			t.Fatalf("new page fetched %d times, want 1", len(fetched))
		}
		var poll time.Duration
		for _, p := range polls {
			if p <= fetched[0] {
				poll = p
			}
		}
		revisits := 0
		for _, p := range paths {
			if ts := sched.times("http://edit.test"+p, start); len(ts) == 2 && ts[1] > poll && ts[1] < fetched[0] {
				revisits++
			}
		}
		// At most the revisits holding the host's slots go first, each
		// taking its turn of the host's delay.
		bound := time.Duration(o.HostParallel+1) * delay
		if wait := fetched[0] - poll; wait > bound+time.Second || revisits > o.HostParallel {
			t.Errorf("new page fetched %v after the poll that found it, behind %d revisits; want at most %d revisits and %v", wait, revisits, o.HostParallel, bound)
		}
		if pending := countAfter(sched, paths, start, fetched[0]); pending < 10 {
			t.Fatalf("only %d revisits after the new page: the test did not make them wait together", pending)
		}
		if total := site.hitsOf("/old0") + site.hitsOf("/old19"); total != 4 {
			t.Errorf("old pages fetched %d times, want each twice (archived, revisited)", total)
		}
	})
}

// countAfter counts the paths revisited after at.
func countAfter(sched *schedSite, paths []string, start time.Time, at time.Duration) int {
	n := 0
	for _, p := range paths {
		if ts := sched.times("http://edit.test"+p, start); len(ts) == 2 && ts[1] > at {
			n++
		}
	}
	return n
}

// TestRevisitFindsThePageOfAnArticleFromTheFeed: an item whose page was
// not there is archived from the feed; a revisit that finds the page
// makes it the next revision, and the ledger counts the item as archived
// from its page.
func TestRevisitFindsThePageOfAnArticleFromTheFeed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		site.edit("/a", func(p *editPage) { p.status = http.StatusNotFound })
		db := runEdit(t, site, revisitOptions(), 2, func(h int) {
			if h == 1 { // before the second revisit
				site.edit("/a", func(p *editPage) { p.status = 0 })
			}
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 2 || vs[0].Source != store.SourceFeed || vs[1].Source != store.SourcePage || vs[1].Reason != "page found" ||
			!strings.Contains(vs[1].Text, "twelve ships") {
			t.Fatalf("versions %d, changes %v, sources %q -> %q; want the feed's text, then the page's", len(vs), changesOf(vs), vs[0].Source, vs[len(vs)-1].Source)
		}
		counts, err := db.ItemCounts()
		if want := (store.ItemCounts{Seen: 1, Page: 1}); err != nil || counts["edit"] != want {
			t.Errorf("item counts %+v (%v), want %+v", counts["edit"], err, want)
		}
		if s, _ := db.Revisits(); s.Unchanged != 2 || s.Changed != 1 {
			t.Errorf("revisit counts %+v: want the first still missing, the second found (changed), the third the same page", s)
		}
	})
}
