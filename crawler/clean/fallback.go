package clean

import (
	"net/url"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
)

// unsureRunes is the length under which go-trafilatura's choice of the
// article is not sure: a short text is as often a teaser box it took for
// the article, or a part of the article, as a short article. (Its own
// fallback with favour-recall starts under 2,500, ten times its minimum
// extracted size; measured on the shared sets, pages up to 3,500 gain
// from a second reading as much.)
const unsureRunes = 3500

// rescueGain is how many times more text another extractor must find
// for its reading to replace go-trafilatura's. Measured on the shared
// sets, a reading a little longer than go-trafilatura's mostly adds
// boilerplate (a listing's other items, share bars); one several times
// longer is the article that go-trafilatura missed.
const rescueGain = 4

// extendGain is how many times more text another reading that holds
// go-trafilatura's must find to replace it: go-trafilatura kept part of
// the article (blocks written as bare <div>s, say, or the paragraphs
// after an embedded table) and the other reading the whole of it.
const extendGain = 2

// coverShare is the share of go-trafilatura's words, repeats counted,
// that another reading must hold to be taken for the same article.
const coverShare = 0.95

// rescue returns lines, go-trafilatura's reading of doc, or when that is
// not sure (see unsureRunes) go-readability's reading if it holds
// rescueGain times the text, or extendGain times the text and nearly all
// of go-trafilatura's words. Only unsure pages pay for the second
// extractor. (DOM Distiller as a third reading added 0.001 shingle F1 on
// wcxb-dev for a quarter of the cleaner's time: left out.)
func rescue(doc *html.Node, base *url.URL, lines []string) []string {
	lines = normalizeLines(lines)
	n := runes(lines)
	if n >= unsureRunes {
		return lines
	}
	node := readabilityNode(doc, base)
	if node == nil {
		return lines
	}
	c := normalizeLines(blockLines(node))
	if m := runes(c); m >= rescueGain*max(n, 1) || m >= extendGain*n && covers(c, lines) {
		return c
	}
	return lines
}

// covers reports whether wide holds at least coverShare of the words of
// narrow, each word counted as often as it occurs, case aside.
func covers(wide, narrow []string) bool {
	have := map[string]int{}
	for _, l := range wide {
		for _, w := range words(l) {
			have[w]++
		}
	}
	found, total := 0, 0
	for _, l := range narrow {
		for _, w := range words(l) {
			total++
			if have[w] > 0 {
				have[w]--
				found++
			}
		}
	}
	return total > 0 && float64(found) >= coverShare*float64(total)
}

// readabilityNode is go-readability's article node, or nil. It works on a
// copy of doc.
func readabilityNode(doc *html.Node, base *url.URL) *html.Node {
	a, err := readability.FromDocument(doc, base)
	if err != nil {
		return nil
	}
	return a.Node
}

// runes is the number of characters in lines.
func runes(lines []string) int {
	n := 0
	for _, l := range lines {
		n += utf8.RuneCountInString(l)
	}
	return n
}
