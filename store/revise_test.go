package store

import (
	"bytes"
	"slices"
	"testing"
)

func TestRevise(t *testing.T) {
	tests := []struct {
		name        string
		edit        func(a *Article)
		wantChanged []string // nil: no new revision
	}{
		{"nothing-changed", func(a *Article) { a.Cleaner = "test/2" }, nil},
		{"text-changed", func(a *Article) { a.Text = "A new text." }, []string{"text"}},
		{"title-and-tags", func(a *Article) { a.Title, a.Tags = "New", []string{"c"} }, []string{"title", "tags"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			id, _ := mustSave(t, db, testArticle(1), "world", "g")
			before, _ := db.Article(id)
			next := testArticle(1)
			tt.edit(next)
			changed, err := db.Revise(id, next, "reclean")
			if err != nil {
				t.Fatalf("Revise: %v", err)
			}
			if changed != (tt.wantChanged != nil) {
				t.Fatalf("changed = %v, want %v", changed, tt.wantChanged != nil)
			}
			versions, err := db.Revisions(id)
			if err != nil {
				t.Fatal(err)
			}
			cur := versions[len(versions)-1]
			if cur.Cleaner != next.Cleaner {
				t.Errorf("Cleaner = %q, want %q even when nothing else changed", cur.Cleaner, next.Cleaner)
			}
			if !changed {
				if len(versions) != 1 || cur.Cursor != before.Cursor {
					t.Errorf("%d versions, cursor %d -> %d; want 1 version and the same cursor", len(versions), before.Cursor, cur.Cursor)
				}
				return
			}
			if len(versions) != 2 || versions[0].Text != before.Text || versions[0].Revision != 1 {
				t.Fatalf("versions %d, first text %q; want 2 versions, the first as archived", len(versions), versions[0].Text)
			}
			if cur.Revision != 2 || cur.Reason != "reclean" || !slices.Equal(cur.Changed, tt.wantChanged) || !cur.Revised.Equal(fixedNow()) {
				t.Errorf("current: revision %d reason %q changed %q revised %v", cur.Revision, cur.Reason, cur.Changed, cur.Revised)
			}
			if cur.Cursor <= before.Cursor || cur.ContentHash != contentHash(next.Text) || !slices.Equal(cur.Feeds, []string{"world"}) {
				t.Errorf("cursor %d (was %d), hash %q, feeds %q", cur.Cursor, before.Cursor, cur.ContentHash, cur.Feeds)
			}
		})
	}
}

func TestReviseKeepsTheOldTextADuplicate(t *testing.T) {
	db, _ := openTemp(t)
	id, _ := mustSave(t, db, testArticle(1), "world", "")
	next := testArticle(1)
	next.Text = "Rewritten."
	if _, err := db.Revise(id, next, "reclean"); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{testArticle(1).Text, "Rewritten."} {
		a := testArticle(2)
		a.Text = text
		if got, created := mustSave(t, db, a, "front", ""); created || got != id {
			t.Errorf("text %q under another URL: id %d created %v, want the revised article %d", text, got, created, id)
		}
	}
}

// exportCursors exports with f and returns each line's id, revision and
// cursor, and the largest cursor.
func exportLines(t *testing.T, db *DB, f ExportFilter) (lines [][3]uint64, maxCursor uint64) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(&buf, f); err != nil {
		t.Fatal(err)
	}
	err := DecodeRecords(&buf, func(r Record) error {
		lines = append(lines, [3]uint64{r.ID, uint64(r.Revision), r.Cursor})
		maxCursor = max(maxCursor, r.Cursor)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return lines, maxCursor
}

func TestExportAfterCursorGivesEachChangeOnce(t *testing.T) {
	db, _ := openTemp(t)
	for i := 1; i <= 3; i++ {
		mustSave(t, db, testArticle(i), "world", "")
	}
	lines, last := exportLines(t, db, ExportFilter{})
	if len(lines) != 3 || last != 3 {
		t.Fatalf("first pull: %v (max cursor %d), want 3 lines up to cursor 3", lines, last)
	}
	next := testArticle(2)
	next.Text = "Corrected."
	if _, err := db.Revise(2, next, "refetch"); err != nil {
		t.Fatal(err)
	}
	mustSave(t, db, testArticle(4), "world", "")
	tests := []struct {
		name   string
		filter ExportFilter
		want   [][3]uint64
	}{
		{"current-after", ExportFilter{After: last}, [][3]uint64{{2, 2, 4}, {4, 1, 5}}},
		{"nothing-after-the-last", ExportFilter{After: 5}, nil},
		{"revisions-after", ExportFilter{After: last, Revisions: true}, [][3]uint64{{2, 2, 4}, {4, 1, 5}}},
		{"every-revision", ExportFilter{Revisions: true}, [][3]uint64{{1, 1, 1}, {2, 1, 2}, {2, 2, 4}, {3, 1, 3}, {4, 1, 5}}},
		{"current-only", ExportFilter{}, [][3]uint64{{1, 1, 1}, {2, 2, 4}, {3, 1, 3}, {4, 1, 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := exportLines(t, db, tt.filter)
			if !slices.Equal(got, tt.want) {
				t.Errorf("lines (id, revision, cursor) = %v, want %v", got, tt.want)
			}
		})
	}
}
