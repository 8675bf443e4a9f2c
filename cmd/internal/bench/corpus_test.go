package bench

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeCorpus makes a benchmark directory under t.TempDir() with the
// given ground truth and one page per id.
func writeCorpus(t *testing.T, truth string, ids ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "html"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ground-truth.json"), []byte(truth), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if err := os.WriteFile(filepath.Join(dir, "html", id+".html"), []byte("<p>"+id+"</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadPagesInIDOrder(t *testing.T) {
	dir := writeCorpus(t, `{
		"b2": {"url": "https://b.example/2", "articleBody": "second"},
		"a1": {"url": "https://a.example/1", "articleBody": "first"}
	}`, "a1", "b2")
	pages, err := LoadPages(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Page{
		{ID: "a1", URL: "https://a.example/1", Truth: "first", Body: []byte("<p>a1</p>")},
		{ID: "b2", URL: "https://b.example/2", Truth: "second", Body: []byte("<p>b2</p>")},
	}
	if !slices.EqualFunc(pages, want, equalPage) {
		t.Errorf("pages = %+v, want %+v", pages, want)
	}
}

func equalPage(a, b Page) bool {
	return a.ID == b.ID && a.URL == b.URL && a.Truth == b.Truth && string(a.Body) == string(b.Body)
}

func TestLoadPagesErrors(t *testing.T) {
	tests := []struct {
		name     string
		dir      func(t *testing.T) string
		noCorpus bool // the error is ErrNoCorpus
	}{
		{"no-directory", func(t *testing.T) string { return filepath.Join(t.TempDir(), "absent") }, true},
		{"empty-ground-truth", func(t *testing.T) string { return writeCorpus(t, `{}`) }, true},
		{"page-missing", func(t *testing.T) string { return writeCorpus(t, `{"a1": {"url": "u", "articleBody": "b"}}`) }, false},
		{"bad-json", func(t *testing.T) string { return writeCorpus(t, `{"a1": `) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadPages(tc.dir(t))
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNoCorpus) != tc.noCorpus {
				t.Errorf("error %q: ErrNoCorpus is %v, want %v", err, !tc.noCorpus, tc.noCorpus)
			}
		})
	}
}

func TestDirFromFindsTheModuleRoot(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "cmd", "xbench")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, start := range []string{root, deep} {
		got, err := dirFrom(start)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(root, "..", "shared", "bench", "extraction"); got != want {
			t.Errorf("dirFrom(%s) = %s, want %s", start, got, want)
		}
	}
}

// TestSharedPages loads the real benchmark beside the repository.
func TestSharedPages(t *testing.T) {
	pages, err := LoadPages("")
	if errors.Is(err, ErrNoCorpus) {
		t.Skipf("../shared/bench/extraction is absent beside the repository: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		if len(p.Body) == 0 || p.URL == "" {
			t.Errorf("page %s: empty body or URL", p.ID)
		}
		if i > 0 && pages[i-1].ID >= p.ID {
			t.Errorf("page %s after %s: not in id order", p.ID, pages[i-1].ID)
		}
	}
}
