package main

import "strings"

// snippetScore is the snippet metric of trafilatura's evaluation (the
// shared snippets.py): per page, a "with" snippet found in the text is a
// true positive, one not found a false negative, a "without" snippet
// found a false positive; counts are pooled over the set.
type snippetScore struct {
	tp, fp, fn, tn int
}

// add scores one page's text.
func (s *snippetScore) add(p page, text string) {
	hay := squash(text)
	for _, w := range p.With {
		if strings.Contains(hay, squash(w)) {
			s.tp++
		} else {
			s.fn++
		}
	}
	for _, w := range p.Without {
		if strings.Contains(hay, squash(w)) {
			s.fp++
		} else {
			s.tn++
		}
	}
}

// f1 is 2TP / (2TP + FP + FN), 0 when nothing was counted.
func (s snippetScore) f1() float64 {
	d := 2*s.tp + s.fp + s.fn
	if d == 0 {
		return 0
	}
	return 2 * float64(s.tp) / float64(d)
}

// precision is TP / (TP + FP).
func (s snippetScore) precision() float64 {
	if s.tp+s.fp == 0 {
		return 0
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

// recall is TP / (TP + FN).
func (s snippetScore) recall() float64 {
	if s.tp+s.fn == 0 {
		return 0
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

// squash turns every whitespace run into one space and trims the ends,
// as Python's re.sub(r'\s+', ' ', text).strip() does.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
