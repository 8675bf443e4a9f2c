package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFileReplacesOnlyWhenWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.jsonl")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	broke := errors.New("disk on fire")
	err := WriteFile(path, 0o644, func(w io.Writer) error {
		io.WriteString(w, "half a new")
		return broke
	})
	if !errors.Is(err, broke) {
		t.Fatalf("WriteFile = %v, want the writer's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old\n" {
		t.Errorf("after a failed write the file holds %q, want the old content", got)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("after a failed write the directory holds %q, want only the old file", names)
	}

	if err := WriteFile(path, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, "new\n")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new\n" {
		t.Errorf("after a whole write the file holds %q (%v), want the new content", got, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v (%v), want 0644", fi.Mode().Perm(), err)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the directory holds %q, want only the file", names)
	}
}

func TestNothingAtTheNameBeforeCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "archive.db")
	f, err := Create(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Discard()
	if _, err := f.Write([]byte("bytes")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("before Commit, stat %s = %v, want not exist", path, err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err == nil {
		t.Error("a second Commit succeeded")
	}
	f.Discard() // after Commit: leaves the file
	if got, err := os.ReadFile(path); err != nil || string(got) != "bytes" {
		t.Errorf("after Commit and Discard the file holds %q (%v)", got, err)
	}
}

func TestCommitNewKeepsAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "depeche.yaml.bak")
	if err := os.WriteFile(path, []byte("first backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Discard()
	f.Write([]byte("second backup"))
	if err := f.CommitNew(); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CommitNew over a file = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first backup" {
		t.Errorf("the existing file now holds %q", got)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("the directory holds %q, want only the first backup", names)
	}

	fresh := filepath.Join(dir, "other.bak")
	g, err := Create(fresh, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	g.Write([]byte("new"))
	if err := g.CommitNew(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(fresh); string(got) != "new" {
		t.Errorf("CommitNew wrote %q", got)
	}
	if names := entries(t, dir); len(names) != 2 {
		t.Errorf("the directory holds %q, want both backups and no temporary file", names)
	}
}
