package store

import (
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRevisitScheduleFromSaveToEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "depeche.db")
	db, err := Open(path, Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t0 := fixedNow()
	a := testArticle(1)
	a.RevisitAt = t0.Add(time.Hour)
	a.Capture = &Capture{URL: a.URL, Status: 200, Header: http.Header{"Etag": {`"v1"`}, "Last-Modified": {"Sat, 01 Mar 2025 11:00:00 GMT"}}, Body: []byte("<p>page</p>")}
	id, _ := mustSave(t, db, a, "world", "g1")
	b := testArticle(2) // not on the schedule
	mustSave(t, db, b, "world", "g2")

	if due, err := db.DueRevisits(t0.Add(59*time.Minute), 10); err != nil || len(due) != 0 {
		t.Fatalf("DueRevisits before due = %v, %v; want none", due, err)
	}
	due, err := db.DueRevisits(t0.Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("DueRevisits at due = %v, %v; want one", due, err)
	}
	want := Revisit{Article: id, Due: t0.Add(time.Hour), ETag: `"v1"`, LastModified: "Sat, 01 Mar 2025 11:00:00 GMT"}
	if r := due[0]; r.Article != want.Article || !r.Due.Equal(want.Due) || r.ETag != want.ETag || r.LastModified != want.LastModified || r.Done != 0 {
		t.Fatalf("due revisit = %+v, want %+v", r, want)
	}
	if got, err := db.Article(id); err != nil || !got.RevisitAt.IsZero() {
		t.Fatalf("stored article RevisitAt = %v, %v; want it not stored", got.RevisitAt, err)
	}

	r := due[0]
	r.ETag = `"v2"`
	if err := db.RevisitDone(r, RevisitUnchanged, t0.Add(6*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// The schedule survives a restart.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(path, Options{Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if next, err := db.NextRevisit(); err != nil || !next.Equal(t0.Add(6*time.Hour)) {
		t.Fatalf("NextRevisit after reopen = %v, %v; want %v", next, err, t0.Add(6*time.Hour))
	}
	due, _ = db.DueRevisits(t0.Add(6*time.Hour), 10)
	if len(due) != 1 || due[0].Done != 1 || due[0].ETag != `"v2"` {
		t.Fatalf("second revisit = %+v, want done 1 with the new ETag", due)
	}
	if err := db.RevisitDone(due[0], RevisitWithdrawn, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueRevisits(t0.Add(1000*time.Hour), 10); len(due) != 0 {
		t.Fatalf("revisits after the last = %v, want none", due)
	}
	s, err := db.Revisits()
	if err != nil {
		t.Fatal(err)
	}
	if s.Unchanged != 1 || s.Withdrawn != 1 || s.Changed != 0 || s.Failed != 0 || s.Scheduled != 0 || !s.Next.IsZero() {
		t.Errorf("Revisits = %+v, want 1 unchanged, 1 withdrawn, none scheduled", s)
	}
}

func TestRevisitDoneOffScheduleIsAnError(t *testing.T) {
	db, _ := openTemp(t)
	if err := db.RevisitDone(Revisit{Article: 99}, RevisitUnchanged, time.Time{}); err == nil {
		t.Fatal("RevisitDone of an article not on the schedule: no error")
	}
}

func TestWithdrawnAndRestoredAreRevisions(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(3)
	id, _ := mustSave(t, db, a, "world", "g3")
	cur, _ := db.Article(id)

	gone := *cur
	gone.Withdrawn, gone.WithdrawnStatus = fixedNow().Add(2*time.Hour), 410
	if changed, err := db.Revise(id, &gone, "withdrawn"); err != nil || !changed {
		t.Fatalf("Revise(withdrawn) = %v, %v; want a new revision", changed, err)
	}
	back := *cur // the page again, with its text
	if changed, err := db.Revise(id, &back, "revisit"); err != nil || !changed {
		t.Fatalf("Revise(restored) = %v, %v; want a new revision", changed, err)
	}
	vs, err := db.Revisions(id)
	if err != nil || len(vs) != 3 {
		t.Fatalf("Revisions = %d, %v; want 3", len(vs), err)
	}
	if w := vs[1]; w.Withdrawn.IsZero() || w.WithdrawnStatus != 410 || !slices.Equal(w.Changed, []string{"withdrawn"}) || w.Text != cur.Text {
		t.Errorf("withdrawal revision = withdrawn %v status %d changed %v, text kept %v", w.Withdrawn, w.WithdrawnStatus, w.Changed, w.Text == cur.Text)
	}
	if r := vs[2]; !r.Withdrawn.IsZero() || r.WithdrawnStatus != 0 || !slices.Equal(r.Changed, []string{"withdrawn"}) {
		t.Errorf("restored revision = withdrawn %v status %d changed %v", r.Withdrawn, r.WithdrawnStatus, r.Changed)
	}
	rec := newRecord(vs[1])
	if rec.Withdrawn == "" || rec.WithdrawnStatus != 410 {
		t.Errorf("record of the withdrawal = %q %d", rec.Withdrawn, rec.WithdrawnStatus)
	}
}

func TestArticleChangesIgnoresWhiteSpaceAndChrome(t *testing.T) {
	a := testArticle(4)
	b := *a
	b.Text = "The text  of story 4.\n\n\n Second paragraph. "
	b.Title = " Story 4"
	b.Images = nil
	b.Tags = []string{"other"}
	if got := ArticleChanges(a, &b); len(got) != 0 {
		t.Errorf("ArticleChanges = %v for white space and chrome only", got)
	}
	b.Text = "The text of story 4.\n\nSecond paragraph, corrected."
	b.Author = "B. Writer"
	if got := ArticleChanges(a, &b); !slices.Equal(got, []string{"author", "text"}) {
		t.Errorf("ArticleChanges = %v, want [author text]", got)
	}
	for _, c := range []struct {
		a, b string
		same bool
	}{{"a b", "a  b", true}, {"ab", "a b", false}, {"", " ", true}, {"a", "", false}, {"a b c", "a b", false}} {
		if got := sameText(c.a, c.b); got != c.same {
			t.Errorf("sameText(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestArticleByURL(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(5)
	id, _ := mustSave(t, db, a, "world", "g5", "https://NEWS.example/5/story?utm_source=x")
	for _, u := range []string{a.URL, "https://news.example/5/story?utm_medium=y"} {
		if got, ok, err := db.ArticleByURL(u); err != nil || !ok || got != id {
			t.Errorf("ArticleByURL(%q) = %d, %v, %v; want %d", u, got, ok, err, id)
		}
	}
	if _, ok, err := db.ArticleByURL("https://news.example/other"); err != nil || ok {
		t.Errorf("ArticleByURL(unknown) = %v, %v", ok, err)
	}
	if _, _, err := db.ArticleByURL("::not a url"); err == nil {
		t.Error("ArticleByURL(bad URL): no error")
	}
}
