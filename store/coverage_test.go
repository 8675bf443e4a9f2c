package store

import (
	"testing"
	"time"
)

func TestCoverageGivesCountsAndTheEarliestRetry(t *testing.T) {
	db, _ := openTemp(t)
	t0 := fixedNow()
	outcomes := map[string][]ItemOutcome{
		"tides": {
			{State: ItemPage, Article: 1, Tries: 1},
			{State: ItemPending, Tries: 1, NextTry: t0.Add(2 * time.Hour), Reason: "network"},
			{State: ItemPending, Tries: 3, NextTry: t0.Add(20 * time.Minute), Reason: "server_error", HTTPStatus: 502},
			{State: ItemFeed, Article: 2, Tries: 1, Reason: "not_html"},
		},
		"lighthouse": {
			{State: ItemPending, Tries: 1, NextTry: t0.Add(time.Hour), Reason: "timeout"},
			{State: ItemGivenUp, Reason: "no_link"},
		},
		"quay":      {{State: ItemPage, Article: 3, Tries: 1}},
		"in-flight": {{State: ItemPending}}, // sighted, its page not tried yet
	}
	for feed, os := range outcomes {
		for i, o := range os {
			it := &Item{Feed: feed, GUID: feed + string(rune('a'+i))}
			if _, _, err := db.SightItems([]*Item{it}); err != nil {
				t.Fatal(err)
			}
			if err := db.SetItemOutcome(it, o); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := db.Coverage()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Coverage{
		"tides":      {Items: ItemCounts{Seen: 4, Page: 1, Feed: 1, Pending: 2}, NextTry: t0.Add(20 * time.Minute)},
		"lighthouse": {Items: ItemCounts{Seen: 2, Pending: 1, GivenUp: 1}, NextTry: t0.Add(time.Hour)},
		"quay":       {Items: ItemCounts{Seen: 1, Page: 1}},
		"in-flight":  {Items: ItemCounts{Seen: 1, Pending: 1}},
	}
	if len(got) != len(want) {
		t.Errorf("coverage of %d feeds, want %d: %+v", len(got), len(want), got)
	}
	for feed, w := range want {
		g := got[feed]
		if g.Items != w.Items || !g.NextTry.Equal(w.NextTry) {
			t.Errorf("%s: coverage %+v, want %+v", feed, g, w)
		}
	}
}
