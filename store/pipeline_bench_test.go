package store

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkSeenArchive looks items up in an archive of 5,000 articles, as
// the crawler does for every feed item: a hit (an item already archived)
// and a miss (a new item).
func BenchmarkSeenArchive(b *testing.B) {
	const n = 5000
	db, _ := openTemp(b)
	saveMany(b, db, n)
	b.Run("hit", func(b *testing.B) {
		for b.Loop() {
			if _, ok, err := db.Seen("world", "", "https://news.example/4321/story"); err != nil || !ok {
				b.Fatalf("Seen = %v, %v; want a hit", ok, err)
			}
		}
	})
	b.Run("miss", func(b *testing.B) {
		for b.Loop() {
			if _, ok, err := db.Seen("world", "g-new", "https://news.example/new/story"); err != nil || ok {
				b.Fatalf("Seen = %v, %v; want a miss", ok, err)
			}
		}
	})
}

// BenchmarkSaveCapture saves new articles with the capture of an HTML page
// (the clean fixtures, concatenated), as the crawler does: compression
// and digest included. Bytes are the capture body's.
func BenchmarkSaveCapture(b *testing.B) {
	body := fixturePages(b)
	db, _ := openTemp(b)
	b.SetBytes(int64(len(body)))
	i := 0
	for b.Loop() {
		a := testArticle(i)
		a.Capture = &Capture{URL: a.URL, Fetched: a.Fetched, Status: http.StatusOK, Body: body,
			Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}
		mustSave(b, db, a, "world", "")
		i++
	}
}

// BenchmarkExportEncode encodes export records alone, without reading the
// archive: the JSON share of BenchmarkExport.
func BenchmarkExportEncode(b *testing.B) {
	a := testArticle(1)
	a.ID, a.Revision, a.Feeds = 1, 1, []string{"world"}
	a.Text = string(bytes.Repeat([]byte("A sentence of the article's text, with \"quotes\" & <marks>.\n\n"), 60))
	enc := json.NewEncoder(io.Discard)
	enc.SetEscapeHTML(false)
	b.ReportAllocs()
	for b.Loop() {
		if err := enc.Encode(newRecord(a)); err != nil {
			b.Fatal(err)
		}
	}
}

// fixturePages is every HTML fixture of testdata/clean, concatenated.
func fixturePages(b *testing.B) []byte {
	b.Helper()
	names, err := filepath.Glob("../testdata/clean/*.html")
	if err != nil || len(names) == 0 {
		b.Fatalf("no fixtures in ../testdata/clean: %v", err)
	}
	var out []byte
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data...)
	}
	return out
}
