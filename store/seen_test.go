package store

import (
	"testing"
)

func TestSeen(t *testing.T) {
	tests := []struct {
		name            string
		feed, guid, url string
		wantOK          bool
		wantFeeds       []string
		thenByGUID      bool // a second Seen by (feed, guid) alone must find it
		thenByLink      bool // whether a second Seen by the link alone, from another feed, finds it
	}{
		{"unknown-link", "world", "", "https://news.example/9/story", false, []string{"world"}, false, false},
		{"unknown-guid", "world", "g9", "", false, []string{"world"}, false, false},
		{"by-guid", "world", "g1", "", true, []string{"world"}, false, false},
		{"by-link", "world", "", "https://news.example/1/story", true, []string{"world"}, false, true},
		{"by-link-with-tracking", "world", "", "https://news.example/1/story?utm_source=x&gclid=1#top", true, []string{"world"}, false, true},
		{"by-link-new-guid", "world", "g-new", "https://news.example/1/story", true, []string{"world"}, true, true},
		{"by-link-from-other-feed", "front", "f1", "https://news.example/1/story", true, []string{"world", "front"}, true, true},
		{"guid-belongs-to-its-feed", "front", "g1", "", false, []string{"world"}, false, false},
		{"guid-does-not-index-new-link", "world", "g1", "https://news.example/moved", true, []string{"world"}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			want, _ := mustSave(t, db, testArticle(1), "world", "g1")
			id, ok, err := db.Seen(tt.feed, tt.guid, tt.url)
			if err != nil {
				t.Fatalf("Seen: %v", err)
			}
			if ok != tt.wantOK || (ok && id != want) {
				t.Fatalf("Seen = %d, %v; want %d, %v", id, ok, want, tt.wantOK)
			}
			checkFeeds(t, db, want, tt.wantFeeds)
			if tt.thenByGUID {
				checkSeen(t, db, tt.feed, tt.guid, "", want)
			}
			if tt.url == "" {
				return
			}
			if _, ok, err := db.Seen("elsewhere", "", tt.url); err != nil || ok != tt.thenByLink {
				t.Errorf("then Seen by link = %v, %v; want %v", ok, err, tt.thenByLink)
			}
		})
	}
}

func TestSeenRejects(t *testing.T) {
	tests := []struct {
		name, feed, guid, link string
	}{
		{"no-feed", "", "g1", ""},
		{"neither-guid-nor-link", "world", "", ""},
		{"relative-link", "world", "g1", "/story"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			if _, _, err := db.Seen(tt.feed, tt.guid, tt.link); err == nil {
				t.Fatal("Seen: no error")
			}
		})
	}
}
