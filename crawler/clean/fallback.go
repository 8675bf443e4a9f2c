package clean

import (
	"net/url"
	"unicode/utf8"

	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
)

// unsureRunes is the length under which go-trafilatura's choice of the
// article is not sure: a short text is as often a teaser box it took for
// the article as a short article. Its own fallback (with favour-recall)
// starts under the same length, ten times its minimum extracted size.
const unsureRunes = 2500

// rescueGain is how many times more text another extractor must find
// for its reading to replace go-trafilatura's. Measured on the shared
// sets, a reading a little longer than go-trafilatura's mostly adds
// boilerplate (a listing's other items, share bars); one several times
// longer is the article that go-trafilatura missed.
const rescueGain = 4

// rescue returns lines, go-trafilatura's reading of doc, or when that is
// not sure (see unsureRunes) go-readability's reading if it holds
// rescueGain times the text. Only unsure pages pay for the second
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
	if c := normalizeLines(blockLines(node)); runes(c) >= rescueGain*max(n, 1) {
		return c
	}
	return lines
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
