package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

var tramwayPage = filepath.Join("..", "..", "testdata", "e2e", "fr.vietnamplus.vn", "hanoi-ouvre-une-ligne-de-tramway-post1001.vnp")

// jsonShape maps each key of a JSON object to the JSON type of its value.
func jsonShape(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(doc, &obj); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, doc)
	}
	shape := make(map[string]string, len(obj))
	for k, v := range obj {
		switch v.(type) {
		case nil:
			shape[k] = "null"
		case string:
			shape[k] = "string"
		case float64:
			shape[k] = "number"
		case []any:
			shape[k] = "array"
		case map[string]any:
			shape[k] = "object"
		default:
			shape[k] = "bool"
		}
	}
	return shape
}

// extract prints what export writes for the same article: the same
// keys, each with a value of the same JSON type (arrays never null).
func TestExtractPrintsExportRecord(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	exported, _, err := cli(t, "export", "-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for l := range strings.Lines(exported) {
		if strings.Contains(l, "post1001") {
			line = l
		}
	}
	archived := find(t, exportRecords(t, "-config", cfg), "post1001")
	out, _, err := cli(t, "extract", "-url", archived.URL, tramwayPage)
	if err != nil {
		t.Fatal(err)
	}
	want, got := jsonShape(t, []byte(line)), jsonShape(t, []byte(out))
	for k, typ := range want {
		if got[k] != typ {
			t.Errorf("%s: extract has %q, export %q", k, got[k], typ)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: extract has it, export not", k)
		}
	}
	for _, k := range []string{"tags", "images", "feeds"} {
		if got[k] != "array" {
			t.Errorf("%s is %s, want an array", k, got[k])
		}
	}
}

// extract -out cleans many pages in one process, one file each; a page
// that fails is named and the others are written all the same.
func TestExtractOut(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pdf := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join("..", "..", "testdata", "e2e", "fr.vietnamplus.vn", "un-festival-des-lanternes-anime-hoi-an-post1003.vnp")
	out := filepath.Join(dir, "out")
	stdout, stderr, err := cli(t, "extract", "-url", "https://fr.vietnamplus.vn/x", "-out", out, tramwayPage, pdf, other, tramwayPage)
	if err == nil || !strings.Contains(err.Error(), "1 of 4 pages failed") {
		t.Fatalf("error %v, want 1 of 4 pages failed", err)
	}
	if stdout != "" {
		t.Errorf("printed %q with -out", stdout)
	}
	if !strings.Contains(stderr, pdf+": ") || !strings.Contains(stderr, "not an HTML page") {
		t.Errorf("stderr does not name the failed page and why:\n%s", stderr)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"hanoi-ouvre-une-ligne-de-tramway-post1001-2.json", "hanoi-ouvre-une-ligne-de-tramway-post1001.json", "un-festival-des-lanternes-anime-hoi-an-post1003.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("wrote %q, want %q", names, want)
	}
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		var r store.Record
		if err := json.Unmarshal(data, &r); err != nil || r.Text == "" || r.Schema != store.RecordSchema {
			t.Errorf("%s: not an article record (err %v): %.200s", name, err, data)
		}
	}
}

func TestOutputNames(t *testing.T) {
	t.Parallel()
	got := outputNames([]string{"a/page.html", "b/page.htm", "https://news.example/2025/story/", "https://news.example", "x"}, ".txt")
	want := []string{"page.txt", "page-2.txt", "story.txt", "news.txt", "x.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
}
