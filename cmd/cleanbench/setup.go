package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

// extractors returns the contenders: the cleaner with the built-in site
// rules, in this process, then, when baseline, go-trafilatura with its
// fallback (the baseline) in a child process built without the replace
// of go-dateparser, started with every page of sets. stop ends the child
// and removes its build.
func extractors(baseline bool, sets []set, stderr io.Writer) (exs []extractor, stop func() error, err error) {
	cfg, err := config.Default()
	if err != nil {
		return nil, nil, fmt.Errorf("built-in config: %w", err)
	}
	c, err := clean.New(cfg.Rules())
	if err != nil {
		return nil, nil, fmt.Errorf("built-in site rules: %w", err)
	}
	exs = []extractor{cleanerExtractor(c)}
	if !baseline {
		return exs, func() error { return nil }, nil
	}
	dir, err := os.MkdirTemp("", "cleanbench-")
	if err != nil {
		return nil, nil, err
	}
	bin, err := buildBaseline(".", dir, stderr)
	if err == nil {
		var ch *child
		if ch, err = startChild(bin, sets, stderr); err == nil {
			ex := baselineExtractor()
			ex.remote = ch
			return append(exs, ex), func() error { defer os.RemoveAll(dir); return ch.stop() }, nil
		}
	}
	os.RemoveAll(dir)
	return nil, nil, err
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
				if err := os.WriteFile(filepath.Join(d, p.ID+".txt"), []byte(r.outputs[si][i].Text), 0o644); err != nil {
					return fmt.Errorf("write texts: %w", err)
				}
			}
		}
	}
	return nil
}
