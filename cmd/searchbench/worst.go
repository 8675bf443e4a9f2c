package main

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/depeche-archiver/depeche/internal/search"
)

// worstQuery is a query at the limits a user may send, as /search's
// query parameters.
type worstQuery struct {
	name   string
	params url.Values
}

// worstQueries are the costliest queries within the default limits that
// the corpus allows, and two over them: the most common words, as words,
// as a phrase found nowhere, as phrases found everywhere and as
// exclusions; a phrase of one word again and again; a page's own run of
// words; every article sorted by date; and the last page of the most
// common word's hits.
func (c corpus) worstQueries() ([]worstQuery, error) {
	common := c.commonWords(32)
	if len(common) < 32 {
		return nil, fmt.Errorf("the corpus has %d words of six letters or more, want 32", len(common))
	}
	pairs := c.commonPairs(16)
	var excl []string
	for _, p := range pairs[:15] {
		excl = append(excl, `-"`+p+`"`)
	}
	feedTerms := make([]string, 31)
	for i := range feedTerms {
		feedTerms[i] = fmt.Sprintf("feed:feed-%02d", i)
	}
	qs := []worstQuery{
		{"32 common words", query(strings.Join(common, " "))},
		{"phrase of 32 common words, found nowhere", query(`"` + strings.Join(common, " ") + `"`)},
		{"16 common two-word phrases", query(`"` + strings.Join(pairs, `" "`) + `"`)},
		{"a word less 15 common phrases", query(common[0] + " " + strings.Join(excl, " "))},
		{"one word 32 times as a phrase", query(`"` + strings.Repeat(common[0]+" ", 32) + `"`)},
		{"32 words of a page as a phrase", query(`"` + c.pageRun(32) + `"`)},
		{"31 feeds and a range, deepest page", withPage(query(strings.Join(feedTerms, " ")+" published>=2000-01-01"), 1<<20)},
		{"the commonest word, deepest page", withPage(query(common[0]), 1<<20)},
		{"33 words (over the limit)", query(strings.Join(append(common, common[0]), " "))},
		{"2 KB phrase (over the limit)", query(`"` + strings.Repeat(common[0]+" ", 2048/(len(common[0])+1)) + `"`)},
	}
	for _, q := range qs[:len(qs)-2] {
		if _, err := search.ParseLimited(q.params.Get("q"), search.Limits{}); err != nil {
			return nil, fmt.Errorf("worst query %q: %w", q.name, err)
		}
	}
	return qs, nil
}

// query is /search's parameters for q, in JSON.
func query(q string) url.Values { return url.Values{"q": {q}, "format": {"json"}} }

// withPage asks for the 200 hits after from.
func withPage(v url.Values, from int) url.Values {
	v.Set("n", "200")
	v.Set("from", strconv.Itoa(from))
	return v
}

// commonWords are the n commonest words of six letters or more (shorter
// ones are often stop words, which the analyzers drop).
func (c corpus) commonWords(n int) []string {
	counts := map[string]int{}
	c.eachWord(func(w, _ string) {
		if len([]rune(w)) >= 6 {
			counts[w]++
		}
	})
	return top(counts, n)
}

// commonPairs are the n commonest pairs of words of four letters or more
// that follow each other.
func (c corpus) commonPairs(n int) []string {
	counts := map[string]int{}
	c.eachWord(func(w, prev string) {
		if len([]rune(w)) >= 4 && len([]rune(prev)) >= 4 {
			counts[prev+" "+w]++
		}
	})
	return top(counts, n)
}

// eachWord calls f with each word of each paragraph, lower case, and the
// word before it in the paragraph ("" for the first).
func (c corpus) eachWord(f func(w, prev string)) {
	for _, page := range c {
		for _, p := range page {
			prev := ""
			for _, w := range strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) }) {
				w = strings.ToLower(w)
				f(w, prev)
				prev = w
			}
		}
	}
}

// top is the n keys of counts with the highest counts, ties by key.
func top(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(a, b))
	})
	return keys[:min(n, len(keys))]
}

// pageRun is the first words of the corpus's longest paragraph that keep
// within n terms and the default length.
func (c corpus) pageRun(n int) string {
	var longest string
	for _, page := range c {
		for _, p := range page {
			if len(p) > len(longest) {
				longest = p
			}
		}
	}
	fields := strings.Fields(strings.ReplaceAll(longest, `"`, " "))
	for k := min(n, len(fields)); k > 0; k-- {
		run := strings.Join(fields[:k], " ")
		if _, err := search.ParseLimited(`"`+run+`"`, search.Limits{}); err == nil {
			return run
		}
	}
	return fields[0]
}
