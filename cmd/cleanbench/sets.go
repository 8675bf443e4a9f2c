package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// page is one benchmark page: its bytes as fetched and whatever labels
// its set has (full text, snippets, or both).
type page struct {
	ID, URL string
	Body    []byte
	// Truth is the full article text; hasTruth tells an empty truth from
	// none.
	Truth    string
	hasTruth bool
	// Snippets must (With) and must not (Without) appear in the text.
	With, Without []string
	hasSnippets   bool
}

// set is one of the shared benchmark sets.
type set struct {
	name  string
	pages []page
}

// setNames are the sets of ../shared/bench measured, in report order.
var setNames = []string{"extraction", "wcxb-dev", "snippets-dev"}

// loadSets reads every set under root (../shared/bench by default).
func loadSets(root string) ([]set, error) {
	if root == "" {
		dir, err := bench.DefaultDir()
		if err != nil {
			return nil, err
		}
		root = filepath.Dir(dir)
	}
	var sets []set
	for _, name := range setNames {
		pages, err := loadSet(filepath.Join(root, name))
		if err != nil {
			return nil, fmt.Errorf("set %s: %w", name, err)
		}
		sets = append(sets, set{name: name, pages: pages})
	}
	return sets, nil
}

// loadSet reads one set: ground-truth.json or truth/<id>.txt for full
// text, snippets/<id>.json for snippets, html/<id>.html[.gz] for pages.
func loadSet(dir string) ([]page, error) {
	if _, err := os.Stat(filepath.Join(dir, "html")); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s (is ../shared beside the repository? or give -sets)", bench.ErrNoCorpus, filepath.Join(dir, "html"))
	}
	byID := map[string]*page{}
	get := func(id string) *page {
		if byID[id] == nil {
			byID[id] = &page{ID: id}
		}
		return byID[id]
	}
	if err := readGroundTruth(dir, get); err != nil {
		return nil, err
	}
	if err := readTruthFiles(dir, get); err != nil {
		return nil, err
	}
	if err := readSnippets(dir, get); err != nil {
		return nil, err
	}
	pages := make([]page, 0, len(byID))
	for _, p := range byID {
		body, err := readPage(filepath.Join(dir, "html", p.ID+".html"))
		if err != nil {
			return nil, err
		}
		p.Body = body
		pages = append(pages, *p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%w: %s labels no page", bench.ErrNoCorpus, dir)
	}
	slices.SortFunc(pages, func(a, b page) int { return strings.Compare(a.ID, b.ID) })
	return pages, nil
}

// readGroundTruth reads dir/ground-truth.json when there is one.
func readGroundTruth(dir string, get func(string) *page) error {
	data, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var truth map[string]struct {
		URL         string `json:"url"`
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(data, &truth); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	for id, t := range truth {
		p := get(id)
		p.URL, p.Truth, p.hasTruth = t.URL, t.ArticleBody, true
	}
	return nil
}

// readTruthFiles reads dir/truth/<id>.txt.
func readTruthFiles(dir string, get func(string) *page) error {
	return eachFile(dir, "truth", ".txt", func(id string, data []byte) error {
		p := get(id)
		p.Truth, p.hasTruth = string(data), true
		return nil
	})
}

// readSnippets reads dir/snippets/<id>.json, which also gives the URL.
func readSnippets(dir string, get func(string) *page) error {
	return eachFile(dir, "snippets", ".json", func(id string, data []byte) error {
		var raw struct {
			URL     string   `json:"url"`
			With    []string `json:"with"`
			Without []string `json:"without"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return err
		}
		p := get(id)
		p.URL = firstNonEmpty(p.URL, raw.URL)
		p.With, p.Without, p.hasSnippets = raw.With, raw.Without, true
		return nil
	})
}

// eachFile calls fn with the id (the base name without ext) and the
// contents of every dir/sub/*ext file; an error names the file.
func eachFile(dir, sub, ext string, fn func(id string, data []byte) error) error {
	files, err := filepath.Glob(filepath.Join(dir, sub, "*"+ext))
	if err != nil {
		return err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if err := fn(strings.TrimSuffix(filepath.Base(f), ext), data); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return nil
}

// readPage reads path, or path.gz decompressed.
func readPage(path string) ([]byte, error) {
	body, err := os.ReadFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return body, err
	}
	gz, err := os.ReadFile(path + ".gz")
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("%s.gz: %w", path, err)
	}
	body, err = io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s.gz: %w", path, err)
	}
	return body, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
