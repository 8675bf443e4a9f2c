package main

import (
	"fmt"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
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

// corpus is the benchmark's pages, in name order.
type corpus struct {
	pages []basePage
}

// loadCorpus reads the benchmark's pages in dir (the default one when
// dir is empty).
func loadCorpus(dir string) (*corpus, error) {
	pages, err := bench.LoadPages(dir)
	if err != nil {
		return nil, err
	}
	c := &corpus{pages: make([]basePage, len(pages))}
	for i, p := range pages {
		c.pages[i] = basePage{name: p.ID + ".html", body: p.Body, point: -1}
	}
	return c, nil
}

// newCleaner is the cleaner with the built-in site rules, as depeche
// builds it from a config that sets none.
func newCleaner() (*clean.Cleaner, error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, fmt.Errorf("built-in config: %w", err)
	}
	cl, err := clean.New(cfg.Rules())
	if err != nil {
		return nil, fmt.Errorf("built-in site rules: %w", err)
	}
	return cl, nil
}
