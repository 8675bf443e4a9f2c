package store

import "testing"

func TestNearDuplicatesShareACluster(t *testing.T) {
	db, _ := openTemp(t)
	save := func(i int, text string) *Article {
		a := testArticle(i)
		a.Text = text
		id, created := mustSave(t, db, a, "world", "")
		if !created {
			t.Fatalf("article %d was taken for a duplicate", i)
		}
		got, err := db.Article(id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	first := save(1, storyTram)
	other := save(2, storyRice)
	rewrite := save(3, storyTramRewritten)
	first, _ = db.Article(first.ID)
	tests := []struct {
		name string
		a    *Article
		want uint64
	}{
		{"first-opens-the-cluster", first, first.ID},
		{"rewrite-joins-it", rewrite, first.ID},
		{"other-story-stays-alone", other, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.a.Cluster != tt.want {
				t.Errorf("article %d: cluster %d, want %d", tt.a.ID, tt.a.Cluster, tt.want)
			}
		})
	}
	if first.Cursor <= rewrite.Cursor {
		t.Errorf("first article's cursor %d is not after the rewrite's %d: incremental exports miss its cluster", first.Cursor, rewrite.Cursor)
	}
}
