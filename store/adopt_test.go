package store

import (
	"testing"
	"time"
)

func TestAdoptItemsCarriesRetriesOver(t *testing.T) {
	db, _ := openTemp(t)
	next := fixedNow().Add(time.Hour)
	pending := func(guid string, tries int) Item {
		return Item{Feed: "harbour", GUID: guid, Link: "https://harbour.example/" + guid, Title: guid,
			Outcome: ItemOutcome{State: ItemPending, Tries: tries, NextTry: next, Reason: "server_error", HTTPStatus: 503}}
	}
	// Known here: "ahead" was tried more often here, "behind" less,
	// "archived" is archived already.
	for _, it := range []Item{pending("ahead", 0), pending("behind", 0), pending("archived", 0)} {
		if _, _, err := db.SightItems([]*Item{&it}); err != nil {
			t.Fatal(err)
		}
	}
	set := func(guid string, o ItemOutcome) {
		t.Helper()
		if err := db.SetItemOutcome(&Item{Feed: "harbour", GUID: guid}, o); err != nil {
			t.Fatal(err)
		}
	}
	set("ahead", ItemOutcome{State: ItemPending, Tries: 5, NextTry: next})
	set("behind", ItemOutcome{State: ItemPending, Tries: 1, NextTry: next})
	set("archived", ItemOutcome{State: ItemPage, Article: 7, Tries: 1})

	done := pending("done", 1)
	done.Outcome.State = ItemPage
	n, err := db.AdoptItems([]Item{pending("new", 2), pending("ahead", 3), pending("behind", 3), pending("archived", 3), done})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("adopted %d items, want 2 (new and behind)", n)
	}
	want := map[string]ItemOutcome{
		"new":      {State: ItemPending, Tries: 2},
		"ahead":    {State: ItemPending, Tries: 5},
		"behind":   {State: ItemPending, Tries: 3},
		"archived": {State: ItemPage, Tries: 1},
	}
	items, err := db.FeedItems("harbour", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(want) {
		t.Errorf("%d items in the ledger, want %d", len(items), len(want))
	}
	for _, it := range items {
		w := want[it.GUID]
		if it.Outcome.State != w.State || it.Outcome.Tries != w.Tries {
			t.Errorf("%s: %s after %d tries, want %s after %d", it.GUID, it.Outcome.State, it.Outcome.Tries, w.State, w.Tries)
		}
	}
	due, err := db.DueItems(next, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 3 {
		t.Errorf("%d items due at the adopted next try, want 3 (new, ahead, behind)", len(due))
	}
	counts, err := db.ItemCounts()
	if err != nil {
		t.Fatal(err)
	}
	if c := counts["harbour"]; c.Seen != 4 || c.Pending != 3 || c.Page != 1 {
		t.Errorf("counts %+v, want 4 seen, 3 pending, 1 page", c)
	}
}
