package main

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// shingleSize is the length of the word n-grams the metric compares.
const shingleSize = 4

// counts is one page's shingle comparison, each count divided by their
// sum so that every page weighs the same (score.py's shingle_tp_fp_fn).
type counts struct{ tp, fp, fn float64 }

// words splits text into the metric's words: runs of Unicode letters,
// digits and '_' (Python's \w), case kept, everything else dropped.
func words(text string) []string {
	var out []string
	start := -1
	for i, r := range text {
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// isWordRune is [\p{L}\p{N}_]; invalid bytes decode as U+FFFD, a symbol.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// shingles returns the multiset of text's 4-word shingles. A text of one
// to three words yields one shorter shingle of all its words, an empty
// text none, as score.py's ngrams does.
func shingles(text string) map[string]int {
	w := words(text)
	out := make(map[string]int, len(w))
	if len(w) == 0 {
		return out
	}
	for i := 0; i < max(1, len(w)-shingleSize+1); i++ {
		out[strings.Join(w[i:min(i+shingleSize, len(w))], "\x00")]++
	}
	return out
}

// compare returns the normalised counts of pred against truth.
func compare(truth, pred string) counts {
	t, p := shingles(truth), shingles(pred)
	var c counts
	for k, tc := range t {
		pc := p[k]
		c.tp += float64(min(tc, pc))
		c.fn += float64(max(0, tc-pc))
		c.fp += float64(max(0, pc-tc))
	}
	for k, pc := range p {
		if _, ok := t[k]; !ok {
			c.fp += float64(pc)
		}
	}
	if s := c.tp + c.fp + c.fn; s > 0 {
		c = counts{c.tp / s, c.fp / s, c.fn / s}
	}
	return c
}

// precision is score.py's precision_score.
func (c counts) precision() float64 {
	switch {
	case c.fp == 0 && c.fn == 0:
		return 1
	case c.tp == 0 && c.fp == 0:
		return 0
	}
	return c.tp / (c.tp + c.fp)
}

// recall is score.py's recall_score.
func (c counts) recall() float64 {
	switch {
	case c.fp == 0 && c.fn == 0:
		return 1
	case c.tp == 0 && c.fn == 0:
		return 0
	}
	return c.tp / (c.tp + c.fn)
}

// quality is the corpus score: macro precision over pages whose
// prediction has a shingle, macro recall over pages whose truth has one,
// F1 from the two means.
type quality struct {
	F1, Precision, Recall float64
	Empty                 int // pages with an empty prediction
}

// score computes the corpus quality of per-page counts.
func score(pages []counts) quality {
	var q quality
	var sumP, sumR float64
	var nP, nR int
	for _, c := range pages {
		if c.tp+c.fp > 0 {
			sumP += c.precision()
			nP++
		} else {
			q.Empty++
		}
		if c.tp+c.fn > 0 {
			sumR += c.recall()
			nR++
		}
	}
	if nP > 0 {
		q.Precision = sumP / float64(nP)
	}
	if nR > 0 {
		q.Recall = sumR / float64(nR)
	}
	if q.Precision+q.Recall > 0 {
		q.F1 = 2 * q.Precision * q.Recall / (q.Precision + q.Recall)
	}
	return q
}

// validText returns s as score.py reads a file: invalid UTF-8 replaced.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
