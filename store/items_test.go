package store

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestSightItemRecordsOnceWithTheFeedsFields(t *testing.T) {
	db, path := openTemp(t)
	it := &Item{Feed: "harbour", GUID: "ferry-1", Link: "https://harbour.example/ferry?utm_source=rss",
		Title: "Ferry", Summary: "<p>New timetable.</p>", Content: "<p>The whole story.</p>", Author: "Port desk",
		Categories: []string{"transport"}, Enclosures: []Enclosure{{URL: "https://harbour.example/timetable.pdf", Type: "application/pdf", Length: 5120}},
		Published: time.Date(2026, 5, 2, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	got, first, err := sightOne(db, it)
	if err != nil || !first || got.Outcome.State != ItemPending || !got.FirstSeen.Equal(fixedNow()) {
		t.Fatalf("first sight: %+v, %v, %v; want a new pending item seen now", got, first, err)
	}
	again := *it
	again.Title = "Ferry (updated)"
	got, first, err = sightOne(db, &again)
	if err != nil || first || got.Title != "Ferry" {
		t.Errorf("second sight: first %v, title %q, %v; want the item recorded at first sight", first, got.Title, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	items, err := db.FeedItems("harbour", "")
	if err != nil || len(items) != 1 {
		t.Fatalf("items after reopening: %d, %v; want the one sighted", len(items), err)
	}
	kept := items[0]
	if kept.Content != it.Content || kept.Summary != it.Summary || kept.Author != it.Author || !slices.Equal(kept.Categories, it.Categories) ||
		!slices.Equal(kept.Enclosures, it.Enclosures) || !kept.Published.Equal(it.Published) {
		t.Errorf("kept %+v, want every field the feed gave: %+v", kept, it)
	}
}

func TestItemIdentity(t *testing.T) {
	db, _ := openTemp(t)
	tests := []struct {
		name     string
		a, b     Item
		sameItem bool
	}{
		{"one-guid-two-links", Item{GUID: "g1", Link: "https://a.example/1"}, Item{GUID: "g1", Link: "https://a.example/2"}, true},
		{"same-link-tracking-dropped", Item{Link: "https://a.example/3?utm_medium=feed"}, Item{Link: "https://a.example/3"}, true},
		{"linkless-same-text", Item{Title: "Notice", Content: "Closed today."}, Item{Title: "Notice", Content: "Closed today."}, true},
		{"linkless-other-text", Item{Title: "Notice", Content: "Closed today."}, Item{Title: "Notice", Content: "Open today."}, false},
		{"same-guid-other-feed", Item{GUID: "g9"}, Item{Feed: "other", GUID: "g9"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a, tt.b
			a.Feed = "f-" + tt.name
			if b.Feed == "" {
				b.Feed = a.Feed
			}
			if _, first, err := sightOne(db, &a); err != nil || !first {
				t.Fatalf("first: %v, %v", first, err)
			}
			_, first, err := sightOne(db, &b)
			if err != nil || first == tt.sameItem {
				t.Errorf("second sight new = %v (%v), want %v", first, err, !tt.sameItem)
			}
		})
	}
}

func TestItemOutcomesCountAndScheduleRetries(t *testing.T) {
	db, _ := openTemp(t)
	t0 := fixedNow()
	items := make([]*Item, 4)
	for i := range items {
		items[i] = &Item{Feed: "news", GUID: string(rune('a' + i))}
		if _, _, err := sightOne(db, items[i]); err != nil {
			t.Fatal(err)
		}
	}
	set := func(it *Item, o ItemOutcome) {
		t.Helper()
		if err := db.SetItemOutcome(it, o); err != nil {
			t.Fatal(err)
		}
	}
	set(items[0], ItemOutcome{State: ItemPage, Article: 1, Tries: 1})
	set(items[1], ItemOutcome{State: ItemPending, Tries: 1, NextTry: t0.Add(time.Hour), Reason: "network"})
	set(items[2], ItemOutcome{State: ItemPending, Tries: 2, NextTry: t0.Add(10 * time.Minute), Reason: "server_error", HTTPStatus: 503})
	set(items[3], ItemOutcome{State: ItemFeed, Article: 2, Tries: 1, Reason: "not_found", HTTPStatus: 404})

	counts, err := db.ItemCounts()
	if want := (ItemCounts{Seen: 4, Page: 1, Feed: 1, Pending: 2}); err != nil || counts["news"] != want {
		t.Errorf("counts %+v (%v), want %+v", counts["news"], err, want)
	}
	due, err := db.DueItems(t0.Add(time.Hour), 10)
	if err != nil || len(due) != 2 || due[0].GUID != "c" || due[1].GUID != "b" {
		t.Fatalf("due within the hour: %+v (%v), want c then b", due, err)
	}
	if due, _ := db.DueItems(t0.Add(30*time.Minute), 10); len(due) != 1 {
		t.Errorf("due within 30 minutes: %d, want only c", len(due))
	}
	set(items[2], ItemOutcome{State: ItemPage, Article: 3, Tries: 3})
	set(items[1], ItemOutcome{State: ItemPending, Tries: 2, NextTry: t0.Add(3 * time.Hour), Reason: "timeout"})
	if due, _ := db.DueItems(t0.Add(2*time.Hour), 10); len(due) != 0 {
		t.Errorf("due within two hours after c was archived and b put off: %+v, want none", due)
	}
	counts, _ = db.ItemCounts()
	if want := (ItemCounts{Seen: 4, Page: 2, Feed: 1, Pending: 1}); counts["news"] != want {
		t.Errorf("counts %+v, want %+v", counts["news"], want)
	}
	pending, err := db.FeedItems("news", ItemPending)
	if err != nil || len(pending) != 1 || pending[0].Outcome.Reason != "timeout" {
		t.Errorf("pending items %+v (%v), want b with its last reason", pending, err)
	}
	if err := db.SetItemOutcome(&Item{Feed: "news", GUID: "never"}, ItemOutcome{State: ItemPage}); err == nil {
		t.Error("an outcome for an item never sighted was accepted")
	}
}

// sightOne sights one item.
func sightOne(db *DB, it *Item) (Item, bool, error) {
	recs, first, err := db.SightItems([]*Item{it})
	if err != nil {
		return Item{}, false, err
	}
	return recs[0], first[0], nil
}

func TestSightItemsOfABigFeedInFewWrites(t *testing.T) {
	db, _ := openTemp(t)
	items := make([]*Item, 2500)
	for i := range items {
		items[i] = &Item{Feed: "big", GUID: fmt.Sprintf("item-%d", i%2400), Link: fmt.Sprintf("https://big.example/%d", i)}
	}
	recs, first, err := db.SightItems(items)
	if err != nil {
		t.Fatal(err)
	}
	fresh := 0
	for i := range first {
		if first[i] {
			fresh++
		}
		if recs[i].GUID != items[i].GUID {
			t.Fatalf("item %d recorded as %q", i, recs[i].GUID)
		}
	}
	if fresh != 2400 {
		t.Errorf("%d new items, want 2400: the 100 GUIDs listed twice are new once", fresh)
	}
	if counts, _ := db.ItemCounts(); counts["big"].Seen != 2400 || counts["big"].Pending != 2400 {
		t.Errorf("counts %+v, want 2400 seen and pending", counts["big"])
	}
	_, first, err = db.SightItems(items[:10])
	if err != nil || slices.Contains(first, true) {
		t.Errorf("sighting known items again: new %v (%v), want none", first, err)
	}
}

// A feed of 100,000 items is recorded in a hundred writes, whole.
func TestSightItemsOfAHundredThousand(t *testing.T) {
	t.Parallel()
	db, _ := openTemp(t)
	items := make([]*Item, 100_000)
	for i := range items {
		items[i] = &Item{Feed: "flood", GUID: fmt.Sprintf("flood-%d", i), Link: fmt.Sprintf("https://flood.example/%d", i), Title: ""}
	}
	if _, first, err := db.SightItems(items); err != nil || slices.Contains(first, false) {
		t.Fatalf("SightItems: %v; want every item new", err)
	}
	if counts, err := db.ItemCounts(); err != nil || counts["flood"].Seen != len(items) {
		t.Errorf("counts %+v (%v), want %d seen", counts["flood"], err, len(items))
	}
}
