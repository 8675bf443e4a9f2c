package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

// extractors returns the contenders: the cleaner with the built-in site
// rules, then go-trafilatura with and without its fallback.
func extractors() ([]extractor, error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, fmt.Errorf("built-in config: %w", err)
	}
	c, err := clean.New(cfg.Rules())
	if err != nil {
		return nil, fmt.Errorf("built-in site rules: %w", err)
	}
	return []extractor{
		cleanerExtractor(c),
		trafilaturaExtractor("go-trafilatura (fallback on)", "go-trafilatura-fallback", true),
		trafilaturaExtractor("go-trafilatura (fallback off)", "go-trafilatura", false),
	}, nil
}

// writeTexts writes each run's texts as <id>.txt: the cleaner's in dir,
// each baseline's in its subdirectory.
func writeTexts(dir string, pages []bench.Page, runs []*result) error {
	for _, r := range runs {
		d := filepath.Join(dir, r.dir)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("write texts: %w", err)
		}
		for i, p := range pages {
			if err := os.WriteFile(filepath.Join(d, p.ID+".txt"), []byte(r.outputs[i].text), 0o644); err != nil {
				return fmt.Errorf("write texts: %w", err)
			}
		}
	}
	return nil
}
