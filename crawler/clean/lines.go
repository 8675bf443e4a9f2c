package clean

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// blockTags start and end a line. The names of go-trafilatura's output
// elements (head, list, item, quote, ...) are included so that its content
// tree reads like HTML.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true,
	"body": true, "caption": true, "center": true, "dd": true, "details": true,
	"dialog": true, "div": true, "dl": true, "dt": true, "fieldset": true,
	"figcaption": true, "figure": true, "footer": true, "form": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true,
	"ol": true, "p": true, "pre": true, "section": true, "summary": true,
	"table": true, "tbody": true, "tfoot": true, "thead": true, "tr": true,
	"ul": true, "head": true, "list": true, "item": true, "quote": true,
	"row": true, "doc": true,
}

// cellTags are table cells: a row reads as one line, its cells separated
// by spaces, so that a table of figures stays readable and a cell equal
// to the one above it is not taken for a repeated line.
var cellTags = map[string]bool{"td": true, "th": true, "cell": true}

// skipTags hold no reader-visible text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"iframe": true, "svg": true, "button": true, "select": true,
	"textarea": true, "input": true, "object": true, "embed": true,
	"video": true, "audio": true, "canvas": true, "title": true, "meta": true,
	"link": true,
}

// proseSkipTags hold no article prose: pictures and their captions,
// sidebars, forms and navigation.
var proseSkipTags = map[string]bool{
	"figure": true, "figcaption": true, "aside": true, "form": true,
	"nav": true, "footer": true, "header": true, "img": true,
}

// blockLines returns the text of n as lines, one per block element or
// <br>-separated run, unnormalised and possibly empty.
func blockLines(n *html.Node) []string {
	w := &lineWriter{}
	w.walk(n)
	w.flush()
	return w.lines
}

// trimmedLines is blockLines for go-trafilatura's content tree, whose
// text nodes it has trimmed: "for <b>Larry</b>" comes out as "for" and
// "Larry". Adjacent pieces are joined with a space unless the second
// starts with closing punctuation, as its own text output joins them.
func trimmedLines(n *html.Node) []string {
	w := &lineWriter{spaced: true}
	w.walk(n)
	w.flush()
	return w.lines
}

// lineWriter accumulates inline text until a block boundary.
type lineWriter struct {
	lines  []string
	cur    strings.Builder
	pre    int
	spaced bool // separate text pieces (see trimmedLines)
	prose  bool // skip proseSkipTags too (see chunkLines)
}

func (w *lineWriter) flush() {
	if w.cur.Len() > 0 {
		w.lines = append(w.lines, w.cur.String())
		w.cur.Reset()
	}
}

func (w *lineWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
	case html.ElementNode:
		w.element(n)
	case html.DocumentNode:
		w.children(n)
	}
}

func (w *lineWriter) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
}

func (w *lineWriter) element(n *html.Node) {
	name := n.Data
	switch {
	case skipTags[name] || hidden(n) || w.prose && (proseSkipTags[name] || blockTags[name] && (linkDense(n) || boilerplateBlock(n))):
		return
	case name == "br" || name == "lb":
		w.flush()
		return
	case name == "pre":
		w.pre++
		defer func() { w.pre-- }()
	}
	if cellTags[name] {
		w.cur.WriteByte(' ')
		w.children(n)
		w.cur.WriteByte(' ')
		return
	}
	block := blockTags[name]
	if block {
		w.flush()
	}
	w.children(n)
	if block {
		w.flush()
	}
}

func (w *lineWriter) text(s string) {
	if w.spaced && w.cur.Len() > 0 && !strings.ContainsRune(noSpaceBefore, firstRune(s)) {
		w.cur.WriteByte(' ')
	}
	if w.pre == 0 {
		w.cur.WriteString(s)
		return
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		if i > 0 {
			w.flush()
		}
		w.cur.WriteString(p)
	}
}

// hidden reports elements a reader does not see.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch {
		case a.Key == "hidden", a.Key == "aria-hidden" && a.Val == "true":
			return true
		case a.Key == "style" && strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "display:none"):
			return true
		}
	}
	return false
}

// noSpaceBefore are the characters that close a phrase: no space goes
// before them when trimmed text pieces are joined.
const noSpaceBefore = ",.;:!?)]}%’”"

// firstRune returns the first rune of s, or utf8.RuneError.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
