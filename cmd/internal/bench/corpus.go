package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ErrNoCorpus reports that the benchmark pages are missing: ../shared is
// not beside the repository, or -pages names the wrong directory.
var ErrNoCorpus = errors.New("benchmark pages not found")

// Page is one page of the extraction benchmark: the bytes as fetched, the
// address they came from and the ground truth of the article text.
type Page struct {
	ID    string // the page's name in the benchmark: html/<ID>.html
	URL   string
	Truth string // the article body a person marked on the page
	Body  []byte
}

// truthEntry is one value of ground-truth.json.
type truthEntry struct {
	URL         string `json:"url"`
	ArticleBody string `json:"articleBody"`
}

// LoadPages reads dir/ground-truth.json and the page dir/html/<id>.html of
// each of its entries, in id order. An empty dir is DefaultDir.
func LoadPages(dir string) ([]Page, error) {
	if dir == "" {
		var err error
		if dir, err = DefaultDir(); err != nil {
			return nil, err
		}
	}
	truth, err := readTruth(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, err
	}
	pages := make([]Page, 0, len(truth))
	for id, t := range truth {
		body, err := os.ReadFile(filepath.Join(dir, "html", id+".html"))
		if err != nil {
			return nil, fmt.Errorf("load pages: %w", err)
		}
		pages = append(pages, Page{ID: id, URL: t.URL, Truth: t.ArticleBody, Body: body})
	}
	slices.SortFunc(pages, func(a, b Page) int { return strings.Compare(a.ID, b.ID) })
	return pages, nil
}

// readTruth reads the ground truth at path; a missing file, or one that
// lists no page, is ErrNoCorpus.
func readTruth(path string) (map[string]truthEntry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s (is ../shared beside the repository? or give -pages)", ErrNoCorpus, path)
	}
	if err != nil {
		return nil, fmt.Errorf("load pages: %w", err)
	}
	var truth map[string]truthEntry
	if err := json.Unmarshal(data, &truth); err != nil {
		return nil, fmt.Errorf("load pages: %s: %w", path, err)
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("%w: %s lists no page", ErrNoCorpus, path)
	}
	return truth, nil
}

// DefaultDir is ../shared/bench/extraction from the repository root: the
// first directory up from the working directory that holds go.mod.
func DefaultDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the repository root: %w", err)
	}
	return dirFrom(wd)
}

// dirFrom is DefaultDir for the working directory dir.
func dirFrom(dir string) (string, error) {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "bench", "extraction"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: give -pages")
		}
		dir = parent
	}
}
