package crawler

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// recleanPage is a page with no title or date of its own: the archived
// article took them from its feed item.
const recleanPage = `<!doctype html><html lang="en"><body><main><article>
<p>The harbour ferry will run every twenty minutes from the first of June, the port authority said on its notice board.</p>
<p>Passengers with a monthly card will board first, and bicycles will ride free on the lower deck until the end of summer.</p>
<p class="share">Share this story</p>
</article></main></body></html>`

// TestRecleanKeepsWhatOnlyTheFeedGave: re-cleaning with new rules revises
// the text, and keeps the title, lead and date that only the feed gave
// (the one mapping the crawler uses too).
func TestRecleanKeepsWhatOnlyTheFeedGave(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "archive.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	generic, err := clean.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	const link = "https://harbour.example/news/ferry"
	page := clean.Page{URL: link, ContentType: "text/html; charset=utf-8", Body: []byte(recleanPage)}
	art, err := generic.Clean(page)
	if err != nil {
		t.Fatal(err)
	}
	published := time.Date(2026, 5, 2, 9, 0, 0, 0, time.UTC)
	it := Item{GUID: "ferry-1", Link: link, Title: "Ferry every twenty minutes", Description: "<p>A new timetable.</p>", Published: published}
	c := &Crawler{o: Options{}.withDefaults()}
	a := c.record(art, generic.Fingerprint(), page, it)
	a.Capture = &store.Capture{URL: link, Fetched: time.Now(), Status: 200,
		Header: http.Header{"Content-Type": {page.ContentType}}, Body: page.Body}
	id, _, err := db.Save(a, "harbour", it.GUID, link)
	if err != nil {
		t.Fatal(err)
	}

	stale, err := Reclean(t.Context(), db, generic, RecleanOptions{})
	if err != nil || stale.Done != 1 || stale.Skipped != 1 {
		t.Fatalf("reclean with the rules that cleaned it: %+v, %v; want it skipped as up to date", stale, err)
	}
	rules, err := clean.New([]clean.Rule{{Host: "harbour.example", Body: "article", Remove: []string{".share"}}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := Reclean(t.Context(), db, rules, RecleanOptions{})
	if err != nil || st.Changed != 1 {
		t.Fatalf("reclean with new rules: %+v, %v; want the article changed", st, err)
	}
	got, err := db.Article(id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Text, "Share this story") || !strings.Contains(got.Text, "harbour ferry") {
		t.Errorf("re-cleaned text:\n%s\nwant the body without the share line", got.Text)
	}
	if got.Title != it.Title || got.Lead != "A new timetable." || !got.Published.Equal(published) {
		t.Errorf("re-cleaned title %q, lead %q, published %v; want the feed's %q, %q, %v", got.Title, got.Lead, got.Published, it.Title, "A new timetable.", published)
	}
	if got.Rules != rules.Fingerprint() || got.Revision != 2 {
		t.Errorf("revision %d with rules %q, want revision 2 with %q", got.Revision, got.Rules, rules.Fingerprint())
	}
}
