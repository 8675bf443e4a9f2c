package api

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

func TestRevisionsThroughTheClient(t *testing.T) {
	db := openArchive(t, store.Options{})
	a := &store.Article{URL: "https://harbour.example/ships", Title: "Ships", Text: "Twelve ships came in.",
		Fetched: time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC), RevisitAt: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	id, _, err := db.Save(a, "harbour", "g1")
	if err != nil {
		t.Fatal(err)
	}
	v2 := *a
	v2.Text = "Fifteen ships came in."
	if _, err := db.Revise(id, &v2, "revisit"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(testOptions(db, true, "127.0.0.1:0", "")).Handler())
	defer srv.Close()
	c := NewClient(strings.TrimPrefix(srv.URL, "http://"), "")

	for _, ref := range []string{"1", "https://harbour.example/ships"} {
		vs, err := c.Revisions(context.Background(), ref)
		if err != nil || len(vs) != 2 || vs[0].Text != a.Text || vs[1].Text != v2.Text || vs[1].Changed[0] != "text" {
			t.Errorf("Revisions(%q) = %+v, %v; want both versions, oldest first", ref, vs, err)
		}
	}
	if _, err := c.Revisions(context.Background(), "https://harbour.example/none"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Revisions(unknown URL) = %v, want a 404", err)
	}
	if _, err := Versions(db, "42"); !errors.Is(err, ErrNoArticle) {
		t.Errorf("Versions(unknown id) = %v, want ErrNoArticle", err)
	}

	st, err := c.Revisits(context.Background())
	if want := (RevisitStatus{Scheduled: 1, Next: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}); err != nil || st != want {
		t.Errorf("Revisits() = %+v, %v; want %+v", st, err, want)
	}
	status, body := do(t, http.MethodGet, srv.URL+PathMetrics, "")
	if status != http.StatusOK || !strings.Contains(body, "depeche_revisits_scheduled 1") {
		t.Errorf("metrics lack depeche_revisits_scheduled 1:\n%s", body)
	}
}
