package store

import "testing"

// ContentHash is the hash Save gives an article.
func TestContentHashAsSaved(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	want := ContentHash(a.Text)
	id, _ := mustSave(t, db, a, "feed", "guid")
	saved, err := db.Article(id)
	if err != nil {
		t.Fatal(err)
	}
	if want == "" || saved.ContentHash != want {
		t.Errorf("ContentHash %q, saved %q", want, saved.ContentHash)
	}
}
