package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// minAnchorLen is the length from which an extracted line is a paragraph
// worth looking for in the page, to find the container it came from.
const minAnchorLen = 80

// maxChunkDepth is how far above a paragraph its chunk container may be.
const maxChunkDepth = 3

// addChunks completes lines, go-trafilatura's text of a page, with the
// other chunks of an article body that the page split into sibling
// containers (with ads or embeds between them): go-trafilatura keeps
// only the best chunk. Lines already printed are not repeated.
func addChunks(doc *html.Node, lines []string) []string {
	before, after := splitChunks(doc, lines)
	if before == nil && after == nil {
		return lines
	}
	seen := make(map[string]bool, len(lines))
	for _, l := range lines {
		seen[textKey(l)] = true
	}
	out := unseen(chunkLines(before), seen)
	out = append(out, lines...)
	return append(out, unseen(chunkLines(after), seen)...)
}

// unseen returns the lines whose key is not in seen.
func unseen(lines []string, seen map[string]bool) []string {
	out := lines[:0]
	for _, l := range lines {
		if k := textKey(l); k != "" && !seen[k] {
			out = append(out, l)
		}
	}
	return out
}

// splitChunks returns the chunks before and after the one that holds the
// longest of lines, or nil, nil. A chunk is a div or section at most
// maxChunkDepth levels above a paragraph printed as that line, whose
// siblings of the same tag and class hold paragraphs too; it or an
// element between it and the paragraph must have a class naming the
// article's text (see namesText), so that layout boxes do not count.
func splitChunks(doc *html.Node, lines []string) (before, after []*html.Node) {
	p := findParagraph(doc, anchorKey(lines))
	if p == nil {
		return nil, nil
	}
	named := false
	a := p.Parent
	for depth := 0; a != nil && depth < maxChunkDepth; depth, a = depth+1, a.Parent {
		named = named || namesText(attr(a, "class"))
		if !named {
			continue
		}
		chunks := sameClassSiblings(a)
		for i, c := range chunks {
			if c == a && len(chunks) > 1 {
				return chunks[:i], chunks[i+1:]
			}
		}
	}
	return nil, nil
}

// anchorKey returns the key of the longest line of lines when it is long
// enough to be a paragraph, else "".
func anchorKey(lines []string) string {
	best := ""
	for _, l := range lines {
		if len(l) > len(best) {
			best = l
		}
	}
	if utf8.RuneCountInString(best) < minAnchorLen {
		return ""
	}
	return textKey(best)
}

// textKey keeps the letters and digits of s: the spacing of
// go-trafilatura's output and of the page differ.
func textKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// findParagraph returns the first <p> under doc whose text has key.
func findParagraph(doc *html.Node, key string) *html.Node {
	if key == "" {
		return nil
	}
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "p" && textKey(strings.Join(blockLines(c), "")) == key {
				found = c
				return
			}
			walk(c)
		}
	}
	walk(doc)
	return found
}

// chunkClassWords are the words one of which a chunk's class must hold:
// the container is named as the article's text, not as a layout box.
var chunkClassWords = []string{"body", "text", "article", "story"}

// sameClassSiblings returns a and its siblings of the same tag and class
// that hold a paragraph, in document order, when a is a div or section
// with a class.
func sameClassSiblings(a *html.Node) []*html.Node {
	class := attr(a, "class")
	if a.Type != html.ElementNode || a.Data != "div" && a.Data != "section" || a.Parent == nil || class == "" {
		return nil
	}
	var out []*html.Node
	for s := a.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && s.Data == a.Data && attr(s, "class") == class && hasParagraph(s) {
			out = append(out, s)
		}
	}
	return out
}

// hasParagraph reports whether n holds a <p> of text.
func hasParagraph(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if c.Data == "p" && strings.TrimSpace(strings.Join(blockLines(c), "")) != "" || hasParagraph(c) {
			return true
		}
	}
	return false
}

// chunkLines returns the prose lines of the chunks: the text of their
// paragraphs, headings, list items and quotes, without figures, asides,
// forms or navigation.
func chunkLines(chunks []*html.Node) []string {
	w := &lineWriter{prose: true}
	for _, c := range chunks {
		w.walk(c)
		w.flush()
	}
	return w.lines
}

// namesText reports whether a class attribute holds one of
// chunkClassWords.
func namesText(class string) bool {
	class = strings.ToLower(class)
	for _, w := range chunkClassWords {
		if strings.Contains(class, w) {
			return true
		}
	}
	return false
}

// maxLinkDensity is the share of link text above which a block of a
// chunk is a list of links ("Don't miss", "Read more"), not prose.
const maxLinkDensity = 0.5

// linkDense reports whether most of n's text is inside links.
func linkDense(n *html.Node) bool {
	total, linked := textLengths(n, false)
	return total > 0 && float64(linked) > maxLinkDensity*float64(total)
}

// textLengths returns the bytes of text under n and how many of them are
// inside <a> elements; inLink says n is inside one.
func textLengths(n *html.Node, inLink bool) (total, linked int) {
	if n.Type == html.TextNode {
		l := len(strings.TrimSpace(n.Data))
		if inLink {
			return l, l
		}
		return l, 0
	}
	inLink = inLink || n.Type == html.ElementNode && n.Data == "a"
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		t, l := textLengths(c, inLink)
		total, linked = total+t, linked+l
	}
	return total, linked
}

// boilerplateWords name, in a class or id, the blocks that pages put
// around or inside an article and that are not part of it.
var boilerplateWords = []string{
	"share", "social", "related", "newsletter", "subscribe", "comment",
	"promo", "recommend", "author", "bio", "advert", "sponsor",
}

// boilerplateBlock reports whether n's class or id names a block of
// boilerplateWords.
func boilerplateBlock(n *html.Node) bool {
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	for _, w := range boilerplateWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
