package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/store"
)

// feeds is how many feeds the articles are spread over.
const feeds = 100

// corpus is the texts the articles are made from: each page's paragraphs.
type corpus [][]string

// loadCorpus reads the benchmark pages' article texts.
func loadCorpus(dir string) (corpus, error) {
	pages, err := bench.LoadPages(dir)
	if err != nil {
		return nil, err
	}
	var c corpus
	for _, p := range pages {
		var paras []string
		for line := range strings.SplitSeq(p.Truth, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				paras = append(paras, line)
			}
		}
		if len(paras) > 0 {
			c = append(c, paras)
		}
	}
	if len(c) == 0 {
		return nil, fmt.Errorf("%w: no page with text", bench.ErrNoCorpus)
	}
	return c, nil
}

// article is generated article i (from 0): page i's paragraphs rotated by
// the round, with a paragraph of another page added; its title the first
// words of its first paragraph; a feed, a publication time over two years
// and an archive time over the last 30 days before now.
func (c corpus) article(i int, now time.Time) (*store.Article, string) {
	page := c[i%len(c)]
	round := i / len(c)
	paras := make([]string, 0, len(page)+1)
	for k := range page {
		paras = append(paras, page[(k+round)%len(page)])
	}
	other := c[(i*7+3)%len(c)]
	paras = append(paras, other[round%len(other)])
	// Rotations repeat on pages of few paragraphs: a numbered line keeps
	// every article's text its own, so that none is a duplicate.
	paras = append(paras, fmt.Sprintf("Dispatch %d of the benchmark.", i))
	words := strings.Fields(paras[0])
	title := strings.Join(words[:min(len(words), 9)], " ")
	a := &store.Article{
		URL:       fmt.Sprintf("https://bench.example/%d/%d", i%feeds, i),
		Title:     title,
		Lead:      strings.Join(words[:min(len(words), 25)], " "),
		Author:    fmt.Sprintf("Writer %d", i%37),
		Language:  "en",
		Published: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i%(2*365*24)) * time.Hour),
		Fetched:   now.Add(-time.Duration(i%(30*24)) * time.Hour),
		Text:      strings.Join(paras, "\n"),
		Extractor: "bench",
		Cleaner:   "bench/1",
	}
	return a, fmt.Sprintf("feed-%02d", i%feeds)
}

// textBytes is the text an article gives the index: title, lead, text.
func textBytes(a *store.Article) int64 { return int64(len(a.Title) + len(a.Lead) + len(a.Text)) }
