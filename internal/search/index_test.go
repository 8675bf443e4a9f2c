package search

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// fixture is an article of the test archive, in words written for it.
type fixture struct {
	feed, lang, title, lead, text, author string
	published                             string // 2006-01-02, "" for none
}

var fixtures = []fixture{
	{"quotidien", "fr", "Les élections du printemps", "Le conseil prépare les scrutins.", "Les élections municipales auront lieu en mars. Le conseil municipal a voté le budget du port.", "Anne Rivière", "2025-03-01"},
	{"quotidien", "fr", "Un nouveau ferry", "La gare maritime s'agrandit.", "Le ferry relie le port à l'île trois fois par jour depuis la gare maritime.", "Paul Marin", "2025-01-10"},
	{"courier", "en", "Harbour works begin", "Cranes arrive at the docks.", "The harbour works began on Monday, with cranes unloading new steel beams.", "Jo Bright", "2024-12-20"},
	{"bote", "de", "Neue Brücke eröffnet", "Die Stadt feiert.", "Die neue Brücke über den Fluss wurde am Samstag eröffnet. Viele Bürger kamen.", "Kai Berg", ""},
	{"courier", "xx", "Zorblat wenu", "Wenu tarp.", "Zorblat wenu tarpini election vulu.", "", "2025-02-02"},
}

// openFixtures makes an archive of the fixtures and an index caught up
// with it, and returns both with the fixtures' ids in order.
func openFixtures(t *testing.T) (*store.DB, *Index, []uint64) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "depeche.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var ids []uint64
	for i, f := range fixtures {
		a := &store.Article{URL: "https://example.test/a/" + string(rune('a'+i)), Title: f.title, Lead: f.lead,
			Text: f.text, Author: f.author, Language: f.lang, Fetched: time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)}
		if f.published != "" {
			a.Published, _ = time.Parse(dayLayout, f.published)
		}
		id, _, err := db.Save(a, f.feed, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	ix, err := Open(Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if n, err := ix.CatchUp(context.Background(), db, nil); err != nil || n != len(fixtures) {
		t.Fatalf("CatchUp = %d, %v; want %d", n, err, len(fixtures))
	}
	return db, ix, ids
}

// search returns the ids q finds, in order.
func search(t *testing.T, db *store.DB, ix *Index, q string) []uint64 {
	t.Helper()
	terms, err := Parse(q)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(t.Context(), db, Request{Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	db, ix, id := openFixtures(t)
	tests := []struct {
		q    string
		want []uint64 // in any order
	}{
		{"élection", []uint64{id[0]}},        // French stemming finds élections
		{"election", []uint64{id[0], id[4]}}, // French folds accents; plain finds the word as it is
		{"harbour work", []uint64{id[2]}},    // English stemming: works
		{"brücke", []uint64{id[3]}},          // German
		{`"gare maritime"`, []uint64{id[1]}}, // a phrase
		{`"maritime gare"`, nil},             // in that order only
		{"port -ferry", []uint64{id[0]}},     // an exclusion
		{`port -"gare maritime"`, []uint64{id[0]}},
		{"feed:courier", []uint64{id[2], id[4]}}, // filters only
		{"lang:de", []uint64{id[3]}},
		{"published>=2025-01-01", []uint64{id[0], id[1], id[4]}},
		{"published>=2025-01-01 published<2025-02-01", []uint64{id[1]}},
		{"port feed:courier", nil},
		{"rivière", []uint64{id[0]}}, // the author
		{"nothing-like-this", nil},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := search(t, db, ix, tt.q)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestSearchRanksAndHighlights(t *testing.T) {
	db, ix, id := openFixtures(t)
	terms, _ := Parse("élections")
	res, err := ix.Search(t.Context(), db, Request{Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != id[0] {
		t.Fatalf("hits %+v, want article %d", res.Hits, id[0])
	}
	h := res.Hits[0]
	if h.Title != fixtures[0].title || !slices.Equal(h.Feeds, []string{"quotidien"}) || h.Language != "fr" {
		t.Errorf("hit %+v: wrong stored fields", h)
	}
	if len(h.Snippets) == 0 {
		t.Fatal("no snippet")
	}
	var marked []string
	for _, p := range h.Snippets[0] {
		if p.Hit {
			marked = append(marked, p.Text)
		}
	}
	if !slices.Contains(marked, "élections") {
		t.Errorf("snippet %+v: élections not marked", h.Snippets[0])
	}
}

func TestSearchOnlyFiltersIsNewestFirst(t *testing.T) {
	db, ix, id := openFixtures(t)
	got := search(t, db, ix, "feed:quotidien")
	if !slices.Equal(got, []uint64{id[0], id[1]}) {
		t.Errorf("got %v, want newest published first %v", got, []uint64{id[0], id[1]})
	}
}

func TestCutSnippets(t *testing.T) {
	text := strings.Repeat("filler ", 30) + "the port opens " + strings.Repeat("more words ", 40) + "a second port here"
	first := strings.Index(text, "port")
	second := strings.LastIndex(text, "port")
	got := cut(text, []span{{first, first + 4}, {second, second + 4}}, 2)
	if len(got) != 2 {
		t.Fatalf("%d snippets, want 2: %+v", len(got), got)
	}
	for i, s := range got {
		var marked []string
		for _, p := range s {
			if p.Hit {
				marked = append(marked, p.Text)
			}
		}
		if !slices.Equal(marked, []string{"port"}) {
			t.Errorf("snippet %d marks %q, want port", i, marked)
		}
		joined := ""
		for _, p := range s {
			joined += p.Text
		}
		if !strings.Contains(text, joined) || strings.HasPrefix(joined, " ") || len(joined) > snippetLen+20 {
			t.Errorf("snippet %d %q: not a passage of the text cut at words", i, joined)
		}
	}
}

func TestCatchUpFollowsRevisions(t *testing.T) {
	db, ix, id := openFixtures(t)
	a, err := db.Article(id[1])
	if err != nil {
		t.Fatal(err)
	}
	a.Text = "Le catamaran remplace le navire sur la ligne de l'île."
	if changed, err := db.Revise(id[1], a, "test"); err != nil || !changed {
		t.Fatalf("Revise = %v, %v", changed, err)
	}
	if got := search(t, db, ix, "catamaran"); got != nil {
		t.Fatalf("found %v before catching up", got)
	}
	if n, err := ix.CatchUp(context.Background(), db, nil); err != nil || n != 1 {
		t.Fatalf("CatchUp = %d, %v; want 1", n, err)
	}
	if got := search(t, db, ix, "catamaran"); !slices.Equal(got, []uint64{id[1]}) {
		t.Errorf("catamaran found %v, want %v", got, id[1:2])
	}
	if got := search(t, db, ix, "ferry"); slices.Contains(got, id[1]) && !strings.Contains(a.Title, "ferry") {
		t.Errorf("the old text still found: %v", got)
	}
	count, _ := ix.Count()
	if count != uint64(len(fixtures)) {
		t.Errorf("index holds %d documents, want %d", count, len(fixtures))
	}
}

func TestOpenRebuildsUnreadableIndex(t *testing.T) {
	db, ix, _ := openFixtures(t)
	path := ix.Path()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(path, "index_meta.json"), []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	ix2, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if !strings.HasPrefix(ix2.Created(), "unreadable") {
		t.Errorf("Created() = %q, want unreadable...", ix2.Created())
	}
	if n, err := ix2.CatchUp(context.Background(), db, nil); err != nil || n != len(fixtures) {
		t.Errorf("CatchUp after rebuild = %d, %v; want %d", n, err, len(fixtures))
	}
	if got := search(t, db, ix2, "élection"); len(got) != 1 {
		t.Errorf("rebuilt index finds %v", got)
	}
}

func TestOpenMissingAndReopen(t *testing.T) {
	db, ix, _ := openFixtures(t)
	if ix.Created() != "missing" {
		t.Errorf("Created() = %q, want missing", ix.Created())
	}
	ix.Close()
	ix2, err := Open(ix.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if ix2.Created() != "" {
		t.Errorf("reopened index says Created() = %q", ix2.Created())
	}
	if n, err := ix2.CatchUp(context.Background(), db, nil); err != nil || n != 0 {
		t.Errorf("CatchUp of a caught-up index = %d, %v; want 0", n, err)
	}
}

func TestPerDay(t *testing.T) {
	_, ix, _ := openFixtures(t)
	now := time.Date(2025, 3, 11, 12, 0, 0, 0, time.UTC)
	got, err := ix.PerDay(now, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]int{"quotidien": {0, 2, 0}, "courier": {0, 2, 0}, "bote": {0, 1, 0}}
	for feed, w := range want {
		if !slices.Equal(got[feed], w) {
			t.Errorf("%s: %v, want %v", feed, got[feed], w)
		}
	}
}

// TestCatchUpManyChunks indexes an archive of several chunks, which
// CatchUp indexes two at a time: every article is in, and the cursor is
// the archive's last.
func TestCatchUpManyChunks(t *testing.T) {
	if testing.Short() {
		t.Skip("archives thousands of articles; skipped with -short")
	}
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "depeche.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const n = 2100 // three chunks of the archive's changes
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < n; i += 16 {
				a := &store.Article{URL: fmt.Sprintf("https://example.test/many/%d", i), Title: fmt.Sprintf("Item %d", i),
					Text: fmt.Sprintf("Numbered item%d of many.", i), Language: "en"}
				_, _, err := db.Save(a, "many", "")
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var calls []int
	got, err := ix.CatchUp(context.Background(), db, func(n int) { calls = append(calls, n) })
	if err != nil || got != n {
		t.Fatalf("CatchUp = %d, %v; want %d", got, err, n)
	}
	if len(calls) < 3 || !slices.IsSorted(calls) || calls[len(calls)-1] != n {
		t.Errorf("progress calls %v: want one a chunk, rising to %d", calls, n)
	}
	last, err := db.LastCursor()
	if err != nil {
		t.Fatal(err)
	}
	if c, err := ix.Cursor(); err != nil || c != last {
		t.Errorf("index cursor = %d, %v; want the archive's last, %d", c, err, last)
	}
	if count, err := ix.Count(); err != nil || count != n {
		t.Errorf("index holds %d, %v; want %d", count, err, n)
	}
	if ids := search(t, db, ix, fmt.Sprintf("item%d", n-1)); len(ids) != 1 {
		t.Errorf("the last article's word finds %v, want one article", ids)
	}
}
