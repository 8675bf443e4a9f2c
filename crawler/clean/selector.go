package clean

import (
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// selectorList is a compiled CSS selector list, kept in the order written.
type selectorList []cascadia.Sel

// first returns the first node matched by the first selector that
// matches anything under root, or nil.
func (s selectorList) first(root *html.Node) *html.Node {
	for _, sel := range s {
		if n := cascadia.Query(root, sel); n != nil {
			return n
		}
	}
	return nil
}

// all returns every node under root matched by any selector, in
// document order, each once.
func (s selectorList) all(root *html.Node) []*html.Node {
	if len(s) == 0 {
		return nil
	}
	return cascadia.QueryAll(root, cascadia.SelectorGroup(s))
}

// value returns the first non-empty value of the first matching element.
func (s selectorList) value(root *html.Node) string {
	return nodeValue(s.first(root))
}

// values returns the distinct non-empty values of all matching elements.
func (s selectorList) values(root *html.Node) []string {
	var out []string
	for _, n := range s.all(root) {
		out = appendUnique(out, nodeValue(n))
	}
	return out
}

// nodeValue is an element's text, or its content attribute when it has
// no text (meta elements).
func nodeValue(n *html.Node) string {
	if n == nil {
		return ""
	}
	if t := normalizeLine(strings.Join(blockLines(n), " ")); t != "" {
		return t
	}
	return normalizeLine(attr(n, "content"))
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// detach removes n from its tree.
func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// appendUnique appends s to list unless it is empty or already there.
func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
