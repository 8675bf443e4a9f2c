package crawler

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// The edit site's pages cleaned with its body rule keep the three
// paragraphs of their article; the rules after an upgrade drop the last.
var (
	editRulesBefore = clean.Rule{Host: "edit.test", Title: "h1", Body: "article", Remove: []string{"h1"}}
	editRulesAfter  = clean.Rule{Host: "edit.test", Title: "h1", Body: "article", Remove: []string{"h1", "p:nth-of-type(3)"}}
)

// runUpgraded archives the edit site's pages with editRulesBefore, calls
// edit, then runs a daemon cleaning with editRulesAfter until the first
// revisit is made (with o's revisits) and the feed polled again, and returns the archive opened again for reading.
func runUpgraded(t *testing.T, site *editSite, o Options, edit func()) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	sched := &schedSite{handler: site.serve}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runFor(t, schedCrawlerOver(t, sched, o, db, editRulesBefore), db, editFeeds, 5*time.Minute)
	edit()
	if db, err = store.Open(path, store.Options{}); err != nil {
		t.Fatal(err)
	}
	runFor(t, schedCrawlerOver(t, sched, o, db, editRulesAfter), db, editFeeds, 85*time.Minute)
	return reopen(t, path)
}

// TestRevisitAfterACleanerChangeIsNoEdit: a page revisited with the same
// article, after the site rules changed, is the same article: the revisit makes no
// revision, though the rules now give another text.
func TestRevisitAfterACleanerChangeIsNoEdit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runUpgraded(t, site, revisitOptions(), func() {
			// White space only: a new ETag, so that the page is served
			// again rather than answered 304, and the same article.
			site.edit("/a", func(p *editPage) { p.text = strings.ReplaceAll(p.text, " ", "  ") })
		})
		vs := versionsOf(t, db, "/a")
		if len(vs) != 1 {
			t.Errorf("%d versions (reasons %v, changes %v), want 1: only the rules changed", len(vs), reasonsOf(vs), changesOf(vs))
		}
		if s, _ := db.Revisits(); s.Unchanged != 1 || s.Changed != 0 {
			t.Errorf("revisit counts %+v, want one unchanged", s)
		}
	})
}

// TestRevisitAfterACleanerChangeNamesOnlyTheEdit: an edit found after the
// site rules changed is stored after the archived page cleaned again by
// the new rules, so that the edit's revision names, and its diff shows,
// only what the page changed.
func TestRevisitAfterACleanerChangeNamesOnlyTheEdit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runUpgraded(t, site, revisitOptions(), func() {
			site.edit("/a", func(p *editPage) { p.title = "Story /a, corrected" })
		})
		vs := versionsOf(t, db, "/a")
		if got, want := reasonsOf(vs), []string{"", "reclean", "revisit"}; !slices.Equal(got, want) {
			t.Fatalf("reasons %q (changes %v), want %q", got, changesOf(vs), want)
		}
		if got := changesOf(vs); !slices.Equal(got[0], []string{"text"}) || !slices.Equal(got[1], []string{"title"}) {
			t.Errorf("changes %v, want the rules' [text], then the edit's [title]", got)
		}
		if !strings.Contains(vs[0].Text, "yearly figures") || strings.Contains(vs[2].Text, "yearly figures") || vs[1].Text != vs[2].Text {
			t.Errorf("want the first text with the paragraph the new rules drop, the reclean's and the revisit's without it and the same:\n%s\n---\n%s\n---\n%s", vs[0].Text, vs[1].Text, vs[2].Text)
		}
	})
}

// TestFeedUpdateAfterACleanerChangeNamesOnlyTheFeedsChange: an item
// whose pubDate moves later is fetched again; after the site rules
// changed, its revision names only the publication time the feed moved
// (the page gives none), not the text the new rules cut.
func TestFeedUpdateAfterACleanerChangeNamesOnlyTheFeedsChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := newEditSite("/a")
		db := runUpgraded(t, site, Options{}, func() { // revisits off: only the feed tells
			site.mu.Lock()
			site.pubDate["/a"] = "Mon, 03 Mar 2025 12:00:00 +0000"
			site.mu.Unlock()
		})
		if n := site.hitsOf("/a"); n != 2 {
			t.Fatalf("page fetched %d times, want 2: once archived, once for the new pubDate", n)
		}
		vs := versionsOf(t, db, "/a")
		if got, want := reasonsOf(vs), []string{"", "reclean", "updated in feed edit"}; !slices.Equal(got, want) {
			t.Fatalf("reasons %q (changes %v), want %q", got, changesOf(vs), want)
		}
		if got := changesOf(vs); !slices.Equal(got[0], []string{"text"}) || !slices.Equal(got[1], []string{"published"}) {
			t.Errorf("changes %v, want the rules' [text], then the feed's [published]", got)
		}
	})
}

func reasonsOf(vs []*store.Article) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Reason)
	}
	return out
}
