package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// ledgerT0 is when the test ledger's items were first seen.
var ledgerT0 = time.Date(2026, 2, 3, 8, 0, 0, 0, time.UTC)

// ledgerArchive opens an archive whose ledger holds, for feed "vna-fr",
// one item of each state, two pending, and for feed "harbour" one item
// from the feed.
func ledgerArchive(t *testing.T) *store.DB {
	t.Helper()
	db := openArchive(t, store.Options{})
	record := func(feed, guid, link string, o store.ItemOutcome) {
		t.Helper()
		it := &store.Item{Feed: feed, GUID: guid, Link: link, Title: "Item " + guid, FirstSeen: ledgerT0}
		if _, _, err := db.SightItems([]*store.Item{it}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetItemOutcome(it, o); err != nil {
			t.Fatal(err)
		}
	}
	tried := ledgerT0.Add(time.Minute)
	record("vna-fr", "g-page", "https://news.example/page", store.ItemOutcome{State: store.ItemPage, Article: 1, Tries: 1, LastTry: tried})
	record("vna-fr", "g-later", "https://news.example/later", store.ItemOutcome{State: store.ItemPending, Tries: 1, LastTry: tried,
		NextTry: ledgerT0.Add(time.Hour), Reason: "timeout"})
	record("vna-fr", "g-soon", "https://news.example/soon", store.ItemOutcome{State: store.ItemPending, Tries: 2, LastTry: tried,
		NextTry: ledgerT0.Add(10 * time.Minute), Reason: "server_error", HTTPStatus: 503})
	record("vna-fr", "g-gone", "https://news.example/gone", store.ItemOutcome{State: store.ItemFeed, Article: 2, Tries: 1, LastTry: tried,
		Reason: "not_found", HTTPStatus: 404})
	record("vna-fr", "g-empty", "", store.ItemOutcome{State: store.ItemGivenUp, Reason: "no_link"})
	record("harbour", "h-pdf", "https://harbour.example/tides.pdf", store.ItemOutcome{State: store.ItemFeed, Article: 3, Tries: 1,
		LastTry: tried, Reason: "not_html"})
	return db
}

// ledgerOptions serves db with feeds vna-fr and harbour.
func ledgerOptions(db *store.DB) Options {
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.Feeds = func() []store.Feed {
		return []store.Feed{{Name: "vna-fr", URL: "https://news.example/rss"}, {Name: "harbour", URL: "https://harbour.example/feed"}}
	}
	return o
}

func TestFeedsCarryCoverage(t *testing.T) {
	c := clientOf(t, ledgerOptions(ledgerArchive(t)))
	rows, err := c.Feeds(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		items ItemCounts
		next  time.Time
	}{
		"vna-fr":  {ItemCounts{Seen: 5, Page: 1, Feed: 1, Pending: 2, GivenUp: 1}, ledgerT0.Add(10 * time.Minute)},
		"harbour": {ItemCounts{Seen: 1, Feed: 1}, time.Time{}},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for _, r := range rows {
		if w := want[r.Name]; r.Items != w.items || !r.NextTry.Equal(w.next) {
			t.Errorf("%s: items %+v next try %v, want %+v and %v", r.Name, r.Items, r.NextTry, w.items, w.next)
		}
	}
}

func TestFeedsJSONNamesTheCoverage(t *testing.T) {
	srv := httptest.NewServer(NewServer(ledgerOptions(ledgerArchive(t))).Handler())
	defer srv.Close()
	status, body := do(t, http.MethodGet, srv.URL+PathFeeds, "")
	if status != http.StatusOK {
		t.Fatalf("GET /feeds = %d %q", status, body)
	}
	for _, want := range []string{
		`"items":{"seen":5,"page":1,"feed":1,"pending":2,"given_up":1},"next_try":"2026-02-03T08:10:00Z"`,
		`"items":{"seen":1,"page":0,"feed":1,"pending":0,"given_up":0}}`, // no next try: omitted
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /feeds lacks %s:\n%s", want, body)
		}
	}
}

func TestItemsListsWhatIsNotFromItsPage(t *testing.T) {
	db := ledgerArchive(t)
	c := clientOf(t, ledgerOptions(db))
	tests := []struct {
		name string
		req  ItemsRequest
		want []string // feed/guid, in order
	}{
		{"default-all-but-page", ItemsRequest{}, []string{"vna-fr/g-later", "vna-fr/g-soon", "vna-fr/g-gone", "vna-fr/g-empty", "harbour/h-pdf"}},
		{"one-feed", ItemsRequest{Feed: "harbour"}, []string{"harbour/h-pdf"}},
		{"pending", ItemsRequest{State: store.ItemPending}, []string{"vna-fr/g-later", "vna-fr/g-soon"}},
		{"from-the-feed", ItemsRequest{State: store.ItemFeed}, []string{"vna-fr/g-gone", "harbour/h-pdf"}},
		{"page-when-asked", ItemsRequest{Feed: "vna-fr", State: store.ItemPage}, []string{"vna-fr/g-page"}},
		{"none-given-up-there", ItemsRequest{Feed: "harbour", State: store.ItemGivenUp}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := c.Items(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Feed+"/"+r.GUID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items %q, want %q", got, tt.want)
			}
		})
	}
}

// TestItemsRoundTrip: what the client decodes is what the archive gives,
// every field.
func TestItemsRoundTrip(t *testing.T) {
	db := ledgerArchive(t)
	o := ledgerOptions(db)
	want, err := ItemStatuses(db, o.Feeds(), "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := clientOf(t, o).Items(t.Context(), ItemsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("through the daemon:\n%+v\nfrom the archive:\n%+v", got, want)
	}
	soon := ItemStatus{Feed: "vna-fr", State: store.ItemPending, Reason: "server_error", HTTPStatus: 503, Tries: 2,
		LastTry: ledgerT0.Add(time.Minute), NextTry: ledgerT0.Add(10 * time.Minute), Link: "https://news.example/soon",
		GUID: "g-soon", Title: "Item g-soon", FirstSeen: ledgerT0}
	if len(got) < 2 || !reflect.DeepEqual(got[1], soon) {
		t.Errorf("second item %+v, want %+v", got, soon)
	}
	raw, err := json.Marshal(got[len(got)-1])
	if err != nil {
		t.Fatal(err)
	}
	if s := string(raw); strings.Contains(s, "next_try") || strings.Contains(s, "http_status") {
		t.Errorf("an item from the feed with no next try and no status: %s, want both omitted", s)
	}
}

func TestItemsMetric(t *testing.T) {
	srv := httptest.NewServer(NewServer(ledgerOptions(ledgerArchive(t))).Handler())
	defer srv.Close()
	status, body := do(t, http.MethodGet, srv.URL+PathMetrics, "")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics = %d", status)
	}
	// testOptions's collector knows vna-fr alone: harbour is not summed.
	for _, want := range []string{
		`depeche_items{state="seen"} 5`, `depeche_items{state="page"} 1`, `depeche_items{state="feed"} 1`,
		`depeche_items{state="pending"} 2`, `depeche_items{state="given_up"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
}
