package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// benchPage is one page of the benchmark: its bytes as fetched, the
// address it came from and the ground truth.
type benchPage struct {
	id, url, truth string
	body           []byte
}

// truthEntry is one value of ground-truth.json.
type truthEntry struct {
	URL         string `json:"url"`
	ArticleBody string `json:"articleBody"`
}

// errNoCorpus reports a missing benchmark directory (../shared absent).
var errNoCorpus = errors.New("benchmark pages not found")

// loadCorpus reads ground-truth.json and html/<id>.html under dir, in id
// order.
func loadCorpus(dir string) ([]benchPage, error) {
	data, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no %s (is ../shared beside the repository?)", errNoCorpus, filepath.Join(dir, "ground-truth.json"))
	}
	if err != nil {
		return nil, fmt.Errorf("load corpus: %w", err)
	}
	var truth map[string]truthEntry
	if err := json.Unmarshal(data, &truth); err != nil {
		return nil, fmt.Errorf("load corpus: ground-truth.json: %w", err)
	}
	pages := make([]benchPage, 0, len(truth))
	for id, t := range truth {
		body, err := os.ReadFile(filepath.Join(dir, "html", id+".html"))
		if err != nil {
			return nil, fmt.Errorf("load corpus: %w", err)
		}
		pages = append(pages, benchPage{id: id, url: t.URL, truth: t.ArticleBody, body: body})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].id < pages[j].id })
	return pages, nil
}
