package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

// extractors returns the contenders: the cleaner with the built-in site
// rules, then go-trafilatura with its fallback (the baseline).
func extractors(baseline bool) ([]extractor, error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, fmt.Errorf("built-in config: %w", err)
	}
	c, err := clean.New(cfg.Rules())
	if err != nil {
		return nil, fmt.Errorf("built-in site rules: %w", err)
	}
	exs := []extractor{cleanerExtractor(c)}
	if baseline {
		exs = append(exs, trafilaturaExtractor("go-trafilatura + fallback", "go-trafilatura-fallback", true))
	}
	return exs, nil
}

// writeTexts writes each run's texts as dir/<set>/<extractor>/<id>.txt,
// the folders the shared Python scorers read.
func writeTexts(dir string, sets []set, runs []*result) error {
	for _, r := range runs {
		for si, st := range sets {
			d := filepath.Join(dir, st.name, r.dir)
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("write texts: %w", err)
			}
			for i, p := range st.pages {
				if err := os.WriteFile(filepath.Join(d, p.ID+".txt"), []byte(r.outputs[si][i].text), 0o644); err != nil {
					return fmt.Errorf("write texts: %w", err)
				}
			}
		}
	}
	return nil
}
