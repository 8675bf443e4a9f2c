package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// fixedNow is the clock of test archives.
func fixedNow() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

// openTemp opens a new archive in a temporary directory and closes it when
// the test ends.
func openTemp(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "depeche.db")
	db, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db, path
}

// testArticle returns a distinct article numbered i.
func testArticle(i int) *Article {
	return &Article{
		URL:       fmt.Sprintf("https://news.example/%d/story", i),
		Title:     fmt.Sprintf("Story %d", i),
		Lead:      "A lead with <b>markup</b> & ampersands.",
		Author:    "A. Writer",
		Published: time.Date(2025, 1, 1, 8, 0, 0, 0, time.FixedZone("CET", 3600)).Add(time.Duration(i) * time.Hour),
		Fetched:   time.Date(2025, 2, 1, 9, 30, 0, 0, time.UTC),
		Language:  "en",
		Section:   "world",
		Tags:      []string{"a", "b"},
		Images:    []Image{{URL: fmt.Sprintf("https://img.example/%d.jpg", i), Caption: "A picture"}},
		Text:      fmt.Sprintf("The text of story %d.\n\nSecond paragraph.", i),
		Extractor: "test",
		Cleaner:   "test/1",
	}
}

// mustSave saves a and fails the test on error.
func mustSave(t testing.TB, db *DB, a *Article, feed, guid string, urls ...string) (uint64, bool) {
	t.Helper()
	id, created, err := db.Save(a, feed, guid, urls...)
	if err != nil {
		t.Fatalf("Save(%s): %v", a.URL, err)
	}
	return id, created
}
