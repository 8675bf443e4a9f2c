package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

// basePage is one of the benchmark's pages, which the mirror serves under
// many URLs.
type basePage struct {
	name  string // file name, for messages
	body  []byte
	point int // where an article's marker goes (see placeMarkers); -1: nowhere
}

// corpus is the benchmark's pages, in file name order.
type corpus struct {
	pages []basePage
}

// errNoCorpus reports a missing benchmark directory (../shared absent).
var errNoCorpus = errors.New("benchmark pages not found")

// loadCorpus reads every dir/html/*.html.
func loadCorpus(dir string) (*corpus, error) {
	htmlDir := filepath.Join(dir, "html")
	entries, err := os.ReadDir(htmlDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s (is ../shared beside the repository? or give -pages)", errNoCorpus, htmlDir)
	}
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	c := &corpus{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		body, err := os.ReadFile(filepath.Join(htmlDir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("load corpus: %w", err)
		}
		c.pages = append(c.pages, basePage{name: e.Name(), body: body, point: -1})
	}
	if len(c.pages) == 0 {
		return nil, fmt.Errorf("%w: no .html file in %s", errNoCorpus, htmlDir)
	}
	slices.SortFunc(c.pages, func(a, b basePage) int { return strings.Compare(a.name, b.name) })
	return c, nil
}

// newCleaner is the cleaner with the built-in site rules, as depeche
// builds it from a config that sets none.
func newCleaner() (*clean.Cleaner, error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, fmt.Errorf("built-in config: %w", err)
	}
	cl, err := clean.New(cfg.Sites)
	if err != nil {
		return nil, fmt.Errorf("built-in site rules: %w", err)
	}
	return cl, nil
}
