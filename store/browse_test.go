package store

import (
	"slices"
	"testing"
)

func TestChangedFollowsCursors(t *testing.T) {
	db, _ := openTemp(t)
	if c, err := db.LastCursor(); err != nil || c != 0 {
		t.Fatalf("LastCursor of an empty archive = %d, %v", c, err)
	}
	var ids []uint64
	for i := range 3 {
		id, _ := mustSave(t, db, testArticle(i), "feed", "")
		ids = append(ids, id)
	}
	a, _ := db.Article(ids[0])
	a.Text += " Revised."
	if changed, err := db.Revise(ids[0], a, "test"); err != nil || !changed {
		t.Fatalf("Revise = %v, %v", changed, err)
	}
	changed, err := db.Changed(0)
	if err != nil {
		t.Fatal(err)
	}
	var got []uint64
	for _, a := range changed {
		got = append(got, a.ID)
	}
	if want := []uint64{ids[1], ids[2], ids[0]}; !slices.Equal(got, want) {
		t.Errorf("Changed(0) = %v, want %v (each once, at its latest change)", got, want)
	}
	last, _ := db.LastCursor()
	if changed[2].Cursor != last || changed[2].Revision != 2 {
		t.Errorf("last change: cursor %d revision %d, want cursor %d revision 2", changed[2].Cursor, changed[2].Revision, last)
	}
	if rest, err := db.Changed(last); err != nil || len(rest) != 0 {
		t.Errorf("Changed(last) = %d articles, %v; want none", len(rest), err)
	}
}

func TestBeforePagesNewestFirst(t *testing.T) {
	db, _ := openTemp(t)
	for i := range 7 {
		mustSave(t, db, testArticle(i), "feed", "")
	}
	odd := func(a *Article) bool { return a.ID%2 == 1 }
	tests := []struct {
		name    string
		before  uint64
		n, scan int
		keep    func(*Article) bool
		want    []uint64
		next    uint64
	}{
		{"first-page", 0, 3, 100, nil, []uint64{7, 6, 5}, 5},
		{"next-page", 5, 3, 100, nil, []uint64{4, 3, 2}, 2},
		{"last-page", 2, 3, 100, nil, []uint64{1}, 0},
		{"filtered", 0, 10, 100, odd, []uint64{7, 5, 3, 1}, 0},
		{"scan-limit", 0, 10, 3, odd, []uint64{7, 5}, 5},
		{"before-beyond-the-end", 100, 2, 100, nil, []uint64{7, 6}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, next, err := db.Before(tt.before, tt.n, tt.scan, tt.keep)
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, a := range list {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) || next != tt.next {
				t.Errorf("Before(%d) = %v next %d, want %v next %d", tt.before, got, next, tt.want, tt.next)
			}
		})
	}
}
