package store

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSaveDedup(t *testing.T) {
	const link = "https://news.example/1/story"
	tests := []struct {
		name        string
		second      func(a *Article) // edits a fresh copy of the first article
		feed, guid  string
		urls        []string
		wantCreated bool
		wantFeeds   []string
		wantSeen    [][3]string // (feed, guid, link) that Seen must then find
	}{
		{
			name:      "same-link",
			second:    func(a *Article) { a.Text = "rewritten" },
			feed:      "world",
			guid:      "g1",
			wantFeeds: []string{"world"},
		},
		{
			name: "link-with-tracking-and-fragment",
			second: func(a *Article) {
				a.URL = "HTTPS://News.Example:443/1/story?utm_source=rss&fbclid=abc#comments"
				a.Text = "rewritten"
			},
			feed:      "world",
			guid:      "g1",
			wantFeeds: []string{"world"},
		},
		{
			name:      "second-feed",
			second:    func(a *Article) {},
			feed:      "front",
			guid:      "front-7",
			wantFeeds: []string{"world", "front"},
			wantSeen:  [][3]string{{"front", "front-7", ""}},
		},
		{
			name:      "another-guid",
			second:    func(a *Article) { a.Text = "rewritten" },
			feed:      "world",
			guid:      "g2",
			wantFeeds: []string{"world"},
			wantSeen:  [][3]string{{"world", "g2", ""}, {"world", "g1", ""}},
		},
		{
			name:      "same-text-other-url",
			second:    func(a *Article) { a.URL = "https://mirror.example/copy" },
			feed:      "mirror",
			guid:      "m1",
			wantFeeds: []string{"world", "mirror"},
			wantSeen:  [][3]string{{"other", "", "https://mirror.example/copy"}},
		},
		{
			name: "by-canonical-url",
			second: func(a *Article) {
				a.URL = "https://amp.news.example/1/story"
				a.Text = "amp text"
			},
			feed:      "world",
			guid:      "",
			urls:      []string{"https://news.example/canonical/1"},
			wantFeeds: []string{"world"},
			wantSeen:  [][3]string{{"world", "", "https://amp.news.example/1/story"}},
		},
		{
			name: "different-article",
			second: func(a *Article) {
				a.URL = "https://news.example/2/story"
				a.Text = "another story"
			},
			feed:        "world",
			guid:        "g2",
			wantCreated: true,
			wantFeeds:   []string{"world"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			firstID, created := mustSave(t, db, testArticle(1), "world", "g1", link, "https://news.example/canonical/1")
			if !created {
				t.Fatal("first Save: created = false")
			}
			a := testArticle(1)
			tt.second(a)
			id, created := mustSave(t, db, a, tt.feed, tt.guid, tt.urls...)
			if created != tt.wantCreated {
				t.Fatalf("second Save: created = %v, want %v", created, tt.wantCreated)
			}
			if !tt.wantCreated && id != firstID {
				t.Fatalf("second Save: id = %d, want the first article's %d", id, firstID)
			}
			checkCount(t, db, map[bool]int{false: 1, true: 2}[tt.wantCreated])
			checkFeeds(t, db, id, tt.wantFeeds)
			for _, s := range tt.wantSeen {
				checkSeen(t, db, s[0], s[1], s[2], id)
			}
		})
	}
}

func TestSaveCountsFeedArticlesOnce(t *testing.T) {
	db, _ := openTemp(t)
	mustSave(t, db, testArticle(1), "world", "g1")
	mustSave(t, db, testArticle(1), "front", "f1")
	mustSave(t, db, testArticle(2), "front", "f2")
	for feed, want := range map[string]int{"world": 1, "front": 1} {
		s, err := db.FeedState(feed)
		if err != nil {
			t.Fatalf("FeedState(%s): %v", feed, err)
		}
		if s.Articles != want {
			t.Errorf("FeedState(%s).Articles = %d, want %d", feed, s.Articles, want)
		}
	}
}

func TestSaveFillsArticle(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	a.URL = "https://News.Example/1/story?utm_medium=rss#top"
	a.Fetched = time.Time{}
	id, _ := mustSave(t, db, a, "world", "g1")
	got, err := db.Article(id)
	if err != nil {
		t.Fatalf("Article(%d): %v", id, err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", got.ID, id},
		{"id-set-on-input", a.ID, id},
		{"canonical-url-normalised", got.CanonicalURL, "https://news.example/1/story"},
		{"url-kept-as-given", got.URL, a.URL},
		{"content-hash", got.ContentHash, contentHash(a.Text)},
		{"guid-from-item", got.GUID, "g1"},
		{"fetched-from-clock", got.Fetched.Equal(fixedNow()), true},
		{"feeds", strings.Join(got.Feeds, ","), "world"},
		{"text", got.Text, a.Text},
		{"published-instant", got.Published.Equal(a.Published), true},
		{"published-zone-offset", got.Published.Format(time.RFC3339), a.Published.Format(time.RFC3339)},
		{"images", len(got.Images), 1},
		{"tags", strings.Join(got.Tags, ","), "a,b"},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestSaveRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(a *Article)
		feed  string
		urls  []string
		wants string
	}{
		{"no-feed", func(a *Article) {}, "", nil, "no feed name"},
		{"no-url", func(a *Article) { a.URL = "" }, "world", nil, "no url"},
		{"relative-url", func(a *Article) {}, "world", []string{"/story"}, "not an absolute url"},
		{"bad-content-hash", func(a *Article) { a.ContentHash = "md5:abc" }, "world", nil, "content hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			a := testArticle(1)
			tt.edit(a)
			_, _, err := db.Save(a, tt.feed, "g", tt.urls...)
			if err == nil || !strings.Contains(err.Error(), tt.wants) {
				t.Fatalf("Save: error %v, want one containing %q", err, tt.wants)
			}
			checkCount(t, db, 0)
		})
	}
}

func TestSaveEmptyTextIsNotADuplicate(t *testing.T) {
	db, _ := openTemp(t)
	for i := range 2 {
		a := testArticle(i)
		a.Text = ""
		if _, created := mustSave(t, db, a, "world", ""); !created {
			t.Fatalf("Save of empty article %d: created = false", i)
		}
	}
	checkCount(t, db, 2)
}

func TestSaveConcurrentSameArticle(t *testing.T) {
	db, _ := openTemp(t)
	const callers = 16
	var wg sync.WaitGroup
	results := make([]bool, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() {
			feed := []string{"world", "front"}[i%2]
			_, results[i], errs[i] = db.Save(testArticle(1), feed, "")
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if n := len(slices.DeleteFunc(results, func(c bool) bool { return !c })); n != 1 {
		t.Errorf("%d callers created the article, want 1", n)
	}
	checkCount(t, db, 1)
	checkFeeds(t, db, 1, nil) // both feeds, in either order
}

// checkCount fails the test unless the archive holds want articles.
func checkCount(t *testing.T, db *DB, want int) {
	t.Helper()
	n, err := db.Count()
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if n != want {
		t.Fatalf("Count = %d, want %d", n, want)
	}
}

// checkFeeds fails the test unless article id lists want as its feeds; nil
// want means "world" and "front" in either order.
func checkFeeds(t *testing.T, db *DB, id uint64, want []string) {
	t.Helper()
	a, err := db.Article(id)
	if err != nil {
		t.Fatalf("Article(%d): %v", id, err)
	}
	got := a.Feeds
	if want == nil {
		got, want = slices.Sorted(slices.Values(got)), []string{"front", "world"}
	}
	if !slices.Equal(got, want) {
		t.Errorf("article %d Feeds = %q, want %q", id, got, want)
	}
}

// checkSeen fails the test unless Seen finds article want.
func checkSeen(t *testing.T, db *DB, feed, guid, link string, want uint64) {
	t.Helper()
	id, ok, err := db.Seen(feed, guid, link)
	if err != nil {
		t.Fatalf("Seen(%q, %q, %q): %v", feed, guid, link, err)
	}
	if !ok || id != want {
		t.Errorf("Seen(%q, %q, %q) = %d, %v; want %d, true", feed, guid, link, id, ok, want)
	}
}
