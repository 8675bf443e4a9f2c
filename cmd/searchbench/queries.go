package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
)

// queries makes n queries from c's words, the same ones every run: two
// words, one word, a phrase of two words, a word less another, a word in
// one feed, a word in a year of publication, in turn.
func (c corpus) queries(n int) []string {
	r := rand.New(rand.NewPCG(18, 2025))
	out := make([]string, 0, n)
	for i := range n {
		w := func() string { return c.word(r) }
		switch i % 6 {
		case 0:
			out = append(out, w()+" "+w())
		case 1:
			out = append(out, w())
		case 2:
			out = append(out, `"`+c.pair(r)+`"`)
		case 3:
			out = append(out, w()+" -"+w())
		case 4:
			out = append(out, fmt.Sprintf("%s feed:feed-%02d", w(), r.IntN(feeds)))
		case 5:
			out = append(out, w()+" published>=2024-06-01 published<2025-01-01")
		}
	}
	return out
}

// words are the words of a paragraph worth searching for: letters only,
// five or more.
func words(p string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(f) >= 5 {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// word is a word of a random paragraph.
func (c corpus) word(r *rand.Rand) string {
	for {
		page := c[r.IntN(len(c))]
		if ws := words(page[r.IntN(len(page))]); len(ws) > 0 {
			return ws[r.IntN(len(ws))]
		}
	}
}

// pair is two words that follow each other in a random paragraph.
func (c corpus) pair(r *rand.Rand) string {
	for {
		page := c[r.IntN(len(c))]
		fs := strings.Fields(page[r.IntN(len(page))])
		if len(fs) >= 2 {
			k := r.IntN(len(fs) - 1)
			return strings.Trim(fs[k]+" "+fs[k+1], `"`)
		}
	}
}
