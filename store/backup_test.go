package store

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// untar writes the files of a backup stream into dir.
func untar(t *testing.T, r io.Reader, dir string) []string {
	t.Helper()
	tr := tar.NewReader(r)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("read backup: %v", err)
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, h.Name), body, 0o600); err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
}

// A backup taken while articles are being saved is an archive that checks
// clean, with every page of every article it holds.
func TestBackupWhileSaving(t *testing.T) {
	db, path := openTemp(t)
	for i := 1; i <= 20; i++ {
		a := testArticle(i)
		a.Capture = testCapture(i)
		mustSave(t, db, a, "world", "")
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 21; i <= 120; i++ {
			a := testArticle(i)
			a.Capture = testCapture(i)
			if _, _, err := db.Save(a, "world", ""); err != nil {
				t.Errorf("Save during the backup: %v", err)
				return
			}
		}
	})
	var buf bytes.Buffer
	st, err := db.Backup(&buf, path)
	wg.Wait()
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	dir := t.TempDir()
	names := untar(t, &buf, dir)
	if len(names) != 2 || names[0] != "depeche.db" || names[1] != "depeche.db.captures" {
		t.Fatalf("backup holds %q, want depeche.db and depeche.db.captures", names)
	}
	cp, err := Open(filepath.Join(dir, "depeche.db"), Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open the copy: %v", err)
	}
	defer cp.Close()
	n, err := cp.Count()
	if err != nil || n < 20 || n > 120 {
		t.Fatalf("the copy counts %d articles (%v), want 20 to 120", n, err)
	}
	r, err := cp.Check(false)
	if err != nil || len(r.Problems) > 0 || r.Captures != n {
		t.Fatalf("check of the copy = %+v, %v; want %d pages and no problem", r, err, n)
	}
	if st.CapturesBytes != fileSize(t, filepath.Join(dir, "depeche.db.captures")) {
		t.Errorf("BackupStats %+v disagree with the files", st)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".depeche-backup-*")); len(left) > 0 {
		t.Errorf("the backup left %q beside the archive", left)
	}
}

// An archive with no page yet backs up with a captures file a writer takes.
func TestBackupOfArchiveWithoutPages(t *testing.T) {
	db, path := openTemp(t)
	mustSave(t, db, testArticle(1), "world", "")
	var buf bytes.Buffer
	if _, err := db.Backup(&buf, path); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	dir := t.TempDir()
	untar(t, &buf, dir)
	cp := reopen(t, filepath.Join(dir, "depeche.db"), false)
	a := testArticle(2)
	a.Capture = testCapture(2)
	mustSave(t, cp, a, "world", "")
	wantCapture(t, cp, 2, 2)
}
