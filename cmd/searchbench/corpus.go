package main

import (
	"fmt"
	"math/rand/v2"
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

// runLength is the most paragraphs an article takes from one page in a row.
const runLength = 3

// article is generated article i (from 0): as many bytes of text as page
// i's, made of runs of paragraphs from pages picked by i, the first run
// from page i itself, at an offset that moves with each round; its title
// the first words of its first paragraph; a feed, a publication time over
// two years and an archive time over the last 30 days before now.
//
// Runs from several pages keep the articles apart for the archive's
// near-duplicate detection: made of one page's paragraphs rotated, the
// hundreds of variants of a page were one cluster that every save of
// another variant compared itself with, and the build slowed down as the
// archive grew.
func (c corpus) article(i int, now time.Time) (*store.Article, string) {
	r := rand.New(rand.NewPCG(uint64(i), 2025))
	page := c[i%len(c)]
	want := textSize(page)
	paras := appendRun(page, (i/len(c))%len(page), runLength, nil)
	for size := textSize(paras); size < want; size = textSize(paras) {
		other := c[r.IntN(len(c))]
		paras = appendRun(other, r.IntN(len(other)), 1+r.IntN(runLength), paras)
	}
	// A numbered line keeps every article's text its own, so that none is
	// a duplicate.
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

// appendRun appends to out up to n paragraphs of page from the one at first.
func appendRun(page []string, first, n int, out []string) []string {
	return append(out, page[first:min(first+n, len(page))]...)
}

// textSize is the bytes of paras.
func textSize(paras []string) int {
	n := 0
	for _, p := range paras {
		n += len(p) + 1
	}
	return n
}

// textBytes is the text an article gives the index: title, lead, text.
func textBytes(a *store.Article) int64 { return int64(len(a.Title) + len(a.Lead) + len(a.Text)) }
