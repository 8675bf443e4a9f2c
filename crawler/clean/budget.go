package clean

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The extraction budget. go-trafilatura's cost grows faster than the page
// (it concatenates the text of every <p> once per <p> it looks at), so a
// page larger than this is cut down before extraction rather than given
// whole: time and memory then stay bounded whatever the page's size.
// Pages within the budget, nearly every article, are cleaned untouched.
const (
	// maxNodes is the most nodes (elements, text, comments) extraction gets.
	maxNodes = 40_000
	// maxText is the most bytes of text extraction gets.
	maxText = 512 << 10
	// maxParagraphCost bounds paragraphs times bytes of text: go-trafilatura
	// copies the text of the paragraphs before each one it counts.
	maxParagraphCost = 96 << 20
	// keepRepeats is how many siblings of one kind (same tag and class)
	// a container keeps once the page is over the budget: a page's
	// comment threads, teaser lists and table rows past that are noise.
	keepRepeats = 12
)

// pageSize is what extraction will be given: nodes, paragraphs and bytes
// of text.
type pageSize struct{ nodes, paragraphs, text int }

// within reports whether s is inside the extraction budget.
func (s pageSize) within() bool {
	return s.nodes <= maxNodes && s.text <= maxText && s.paragraphs*s.text <= maxParagraphCost
}

// add counts n itself, not its children.
func (s *pageSize) add(n *html.Node) {
	s.nodes++
	switch n.Type {
	case html.TextNode, html.CommentNode:
		s.text += len(n.Data)
	case html.ElementNode:
		if n.DataAtom == atom.P {
			s.paragraphs++
		}
	}
}

// measure returns the size of the tree under n, n included, leaving out
// inert nodes: extraction drops them first, at a cost linear in them.
func measure(n *html.Node) pageSize {
	var s pageSize
	walk(n, func(c *html.Node) bool {
		if inert(c) {
			return false
		}
		s.add(c)
		return true
	})
	return s
}

// cutDown shrinks doc, in place, when it is over the extraction budget:
// it drops what is never text (comments, scripts other than JSON-LD,
// styles, SVG, templates), then the repeats of blocks beyond keepRepeats,
// and last, if still over, all that comes after the budget in document
// order. It reports whether doc was cut. Metadata is read before: the
// head is never cut but by the first step.
func cutDown(doc *html.Node) bool {
	if measure(doc).within() {
		return false
	}
	removeAll(doc, inert) // not measured, but costs extraction's copies of the tree
	removeRepeats(doc, keepRepeats)
	if measure(doc).within() {
		return true
	}
	truncate(doc)
	return true
}

// inert reports nodes that never hold an article's text.
func inert(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	switch n.DataAtom {
	case atom.Style, atom.Svg, atom.Math, atom.Template, atom.Noscript, atom.Iframe, atom.Object, atom.Embed, atom.Canvas:
		return true
	case atom.Script:
		return !strings.Contains(strings.ToLower(attr(n, "type")), "ld+json")
	}
	return false
}

// repeatable are the blocks a page repeats: list items, rows, cards.
var repeatable = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Aside: true,
	atom.Li: true, atom.Tr: true, atom.Figure: true, atom.Ul: true, atom.Ol: true,
	atom.Table: true, atom.Dl: true, atom.Form: true, atom.Nav: true,
}

// repeatKey names a block's kind: its tag and class, "" when n is not
// a repeatable block.
func repeatKey(n *html.Node) string {
	if n.Type != html.ElementNode || !repeatable[n.DataAtom] {
		return ""
	}
	return n.Data + "." + attr(n, "class")
}

// removeRepeats removes, under root, the repeatable blocks that follow
// keep siblings of the same kind.
func removeRepeats(root *html.Node, keep int) {
	var drop []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.FirstChild == nil || n.FirstChild.NextSibling == nil {
			return true
		}
		seen := make(map[string]int)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if k := repeatKey(c); k != "" {
				if seen[k]++; seen[k] > keep {
					drop = append(drop, c)
				}
			}
		}
		return true
	})
	detachAll(drop)
}

// removeAll removes the nodes under root that drop reports, with their
// subtrees.
func removeAll(root *html.Node, drop func(*html.Node) bool) {
	var gone []*html.Node
	walk(root, func(n *html.Node) bool {
		if n != root && drop(n) {
			gone = append(gone, n)
			return false
		}
		return true
	})
	detachAll(gone)
}

// detachAll removes nodes from their trees.
func detachAll(nodes []*html.Node) {
	for _, n := range nodes {
		detach(n)
	}
}

// truncate removes everything after the first nodes of doc, in
// document order, that fit the budget.
func truncate(doc *html.Node) {
	var s pageSize
	var last *html.Node
	walk(doc, func(n *html.Node) bool {
		if s.add(n); !s.within() {
			return false
		}
		last = n
		return true
	})
	if last == nil {
		return
	}
	for last.FirstChild != nil { // they came after the budget
		last.RemoveChild(last.FirstChild)
	}
	for n := last; n != nil && n != doc; n = n.Parent {
		removeFollowing(n)
	}
}

// removeFollowing removes n's later siblings.
func removeFollowing(n *html.Node) {
	for n.NextSibling != nil {
		n.Parent.RemoveChild(n.NextSibling)
	}
}

// walk calls visit on root and its descendants in document order,
// without recursion (pages nest deeply), skipping the children of the
// nodes for which visit returns false.
func walk(root *html.Node, visit func(*html.Node) bool) {
	n := root
	for n != nil {
		if visit(n) && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}
