package store

import (
	"bytes"
	"testing"
)

func TestOutboxHoldsEachVersionUntilPublished(t *testing.T) {
	db, _ := openTemp(t)
	id1, _ := mustSave(t, db, testArticle(1), "wire", "g1")
	mustSave(t, db, testArticle(2), "wire", "g2")
	box, err := db.Outbox(0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(box) != 2 || box[0].Feed != "wire" || box[0].Cursor >= box[1].Cursor {
		t.Fatalf("outbox %+v, want two records of feed wire in cursor order", box)
	}
	var exported bytes.Buffer
	if _, err := db.Export(&exported, ExportFilter{}); err != nil {
		t.Fatal(err)
	}
	if got := string(box[0].Line) + string(box[1].Line); got != exported.String() {
		t.Errorf("outbox lines differ from the export:\n%s\nwant\n%s", got, exported.String())
	}
	if n, err := db.OutboxDepth(); err != nil || n != 2 {
		t.Errorf("outbox depth %d (%v) before any publish, want 2", n, err)
	}
	if err := db.SetPublished(box[1].Cursor); err != nil {
		t.Fatal(err)
	}
	if n, err := db.OutboxDepth(); err != nil || n != 0 {
		t.Errorf("outbox depth %d (%v) once published, want 0", n, err)
	}
	revised := testArticle(1)
	revised.Text = "A corrected text of the first story.\n\nWith its second paragraph."
	if _, err := db.Revise(id1, revised, "corrected"); err != nil {
		t.Fatal(err)
	}
	mark, err := db.Published()
	if err != nil || mark != box[1].Cursor {
		t.Fatalf("published %d (%v), want %d", mark, err, box[1].Cursor)
	}
	box, err = db.Outbox(mark, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(box) != 1 || !bytes.Contains(box[0].Line, []byte(`"revision":2`)) {
		t.Fatalf("outbox after the mark %+v, want the revision alone", box)
	}
	if n, err := db.OutboxDepth(); err != nil || n != 1 {
		t.Errorf("outbox depth %d (%v) after a revision, want 1", n, err)
	}
	if err := db.SetPublished(1); err != nil {
		t.Fatal(err)
	}
	if back, _ := db.Published(); back != mark {
		t.Errorf("published went back to %d, want it to stay %d", back, mark)
	}
}

func TestWithCursorRenumbers(t *testing.T) {
	db, _ := openTemp(t)
	mustSave(t, db, testArticle(1), "wire", "g1")
	box, err := db.Outbox(0, 1)
	if err != nil || len(box) != 1 {
		t.Fatalf("outbox %v (%v)", box, err)
	}
	line, err := WithCursor(box[0].Line, 4242)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Replace(box[0].Line, []byte(`"cursor":1,`), []byte(`"cursor":4242,`), 1)
	if !bytes.Equal(line, want) {
		t.Errorf("renumbered\n%s\nwant\n%s", line, want)
	}
	if _, err := WithCursor([]byte(`{"schema":"other/1"}`), 1); err == nil {
		t.Error("a record of another schema was renumbered")
	}
}
