package store

import (
	"reflect"
	"testing"
	"time"
)

func TestFeedState(t *testing.T) {
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	full := FeedState{
		Name: "world", URL: "https://news.example/world.rss",
		LastPoll: at, LastSuccess: at.Add(-time.Hour), NextCheck: at.Add(15 * time.Minute),
		ETag: `W/"abc"`, LastModified: "Sat, 01 Mar 2025 09:00:00 GMT",
		ConsecutiveErrors: 2, LastError: "http 503",
	}
	tests := []struct {
		name string
		put  []FeedState
		get  string
		want FeedState
	}{
		{"never-seen", nil, "world", FeedState{Name: "world"}},
		{"round-trip", []FeedState{full}, "world", full},
		{"last-put-wins", []FeedState{{Name: "world", ETag: "1"}, {Name: "world", ETag: "2"}}, "world", FeedState{Name: "world", ETag: "2"}},
		{"articles-kept-by-save", []FeedState{{Name: "world", Articles: 99}}, "world", FeedState{Name: "world"}},
		{"other-feed-untouched", []FeedState{full}, "front", FeedState{Name: "front"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			for _, s := range tt.put {
				if err := db.PutFeedState(s); err != nil {
					t.Fatalf("PutFeedState: %v", err)
				}
			}
			got, err := db.FeedState(tt.get)
			if err != nil {
				t.Fatalf("FeedState: %v", err)
			}
			if !feedStatesEqual(got, tt.want) {
				t.Errorf("FeedState(%s) = %+v, want %+v", tt.get, got, tt.want)
			}
		})
	}
}

func TestPutFeedStateKeepsArticleCount(t *testing.T) {
	db, _ := openTemp(t)
	before, err := db.FeedState("world") // the poller reads the state ...
	if err != nil {
		t.Fatalf("FeedState: %v", err)
	}
	mustSave(t, db, testArticle(1), "world", "g1") // ... archives during the poll ...
	before.ETag = "new"
	if err := db.PutFeedState(before); err != nil { // ... and writes the state back
		t.Fatalf("PutFeedState: %v", err)
	}
	after, err := db.FeedState("world")
	if err != nil {
		t.Fatalf("FeedState: %v", err)
	}
	if after.Articles != 1 || after.ETag != "new" {
		t.Errorf("FeedState = %+v, want Articles 1 and ETag new", after)
	}
}

func TestFeedStatesSortedByName(t *testing.T) {
	db, _ := openTemp(t)
	for _, name := range []string{"world", "arts", "front"} {
		if err := db.PutFeedState(FeedState{Name: name}); err != nil {
			t.Fatalf("PutFeedState(%s): %v", name, err)
		}
	}
	mustSave(t, db, testArticle(1), "business", "b1")
	states, err := db.FeedStates()
	if err != nil {
		t.Fatalf("FeedStates: %v", err)
	}
	var names []string
	for _, s := range states {
		names = append(names, s.Name)
	}
	if want := []string{"arts", "business", "front", "world"}; !reflect.DeepEqual(names, want) {
		t.Errorf("FeedStates names = %q, want %q", names, want)
	}
}

func TestPutFeedStateRejectsNoName(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.PutFeedState(FeedState{URL: "https://news.example/rss"}); err == nil {
		t.Fatal("PutFeedState without name: no error")
	}
}

// feedStatesEqual compares states, times by instant.
func feedStatesEqual(a, b FeedState) bool {
	times := func(s *FeedState) []time.Time {
		ts := []time.Time{s.LastPoll, s.LastSuccess, s.NextCheck}
		s.LastPoll, s.LastSuccess, s.NextCheck = time.Time{}, time.Time{}, time.Time{}
		return ts
	}
	ta, tb := times(&a), times(&b)
	for i := range ta {
		if !ta[i].Equal(tb[i]) {
			return false
		}
	}
	return a == b
}
