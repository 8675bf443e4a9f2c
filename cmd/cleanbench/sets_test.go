package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// writeFile writes data at dir/name, making the folders.
func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadSetLabels(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "truth/b.txt", []byte("truth of b"))
	writeFile(t, dir, "snippets/b.json", []byte(`{"url": "https://b.example/", "with": ["w1"], "without": ["o1", "o2"]}`))
	writeFile(t, dir, "snippets/a.json", []byte(`{"url": "https://a.example/", "with": ["w"], "without": []}`))
	writeFile(t, dir, "html/a.html.gz", gzipped(t, "<p>page a</p>"))
	writeFile(t, dir, "html/b.html", []byte("<p>page b</p>"))
	pages, err := loadSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].ID != "a" || pages[1].ID != "b" {
		t.Fatalf("pages %+v, want a then b", pages)
	}
	a, b := pages[0], pages[1]
	if string(a.Body) != "<p>page a</p>" || string(b.Body) != "<p>page b</p>" {
		t.Errorf("bodies %q and %q", a.Body, b.Body)
	}
	if a.hasTruth || !b.hasTruth || b.Truth != "truth of b" {
		t.Errorf("truth: a %v, b %v %q", a.hasTruth, b.hasTruth, b.Truth)
	}
	if !a.hasSnippets || b.URL != "https://b.example/" || len(b.Without) != 2 {
		t.Errorf("snippets: a %v, b %q %q", a.hasSnippets, b.URL, b.Without)
	}
}

func TestLoadSetGroundTruthJSON(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "ground-truth.json", []byte(`{"x1": {"url": "https://x.example/1", "articleBody": "body"}}`))
	writeFile(t, dir, "html/x1.html", []byte("<p>x</p>"))
	pages, err := loadSet(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 1 || pages[0].URL != "https://x.example/1" || pages[0].Truth != "body" || !pages[0].hasTruth {
		t.Errorf("pages %+v", pages)
	}
}

func TestLoadSetErrors(t *testing.T) {
	t.Run("no-html-folder-is-no-corpus", func(t *testing.T) {
		if _, err := loadSet(t.TempDir()); !errors.Is(err, bench.ErrNoCorpus) {
			t.Errorf("error %v, want ErrNoCorpus", err)
		}
	})
	t.Run("page-missing", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "truth/a.txt", []byte("t"))
		writeFile(t, dir, "html/other.html", []byte("x"))
		if _, err := loadSet(dir); err == nil || errors.Is(err, bench.ErrNoCorpus) {
			t.Errorf("error %v, want a missing-file error", err)
		}
	})
	t.Run("bad-snippets-json", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "snippets/a.json", []byte(`{"with": [`))
		writeFile(t, dir, "html/a.html", []byte("x"))
		if _, err := loadSet(dir); err == nil {
			t.Error("no error")
		}
	})
}
