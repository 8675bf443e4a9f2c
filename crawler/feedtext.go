package crawler

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// feedText turns a feed item's HTML (its content or summary) into the text
// of an article: paragraphs separated by one blank line, white space
// collapsed inside them, NFC, as the cleaner writes a page's text. What
// scripts, styles and embedded frames hold is dropped, never kept as
// text; no markup survives.
func feedText(fragment string) string {
	z := html.NewTokenizer(strings.NewReader(fragment))
	var paras []string
	var cur strings.Builder
	skip := 0 // depth inside elements whose content is not text
	flush := func() {
		if p := strings.Join(strings.Fields(cur.String()), " "); p != "" {
			paras = append(paras, p)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return norm.NFC.String(strings.Join(paras, "\n\n"))
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case hidden(a) && tt == html.StartTagToken:
				skip++
			case hidden(a) && tt == html.EndTagToken && skip > 0:
				skip--
			case block(a):
				flush()
			default:
				cur.WriteByte(' ')
			}
		}
	}
}

// hidden elements hold no text of the article.
func hidden(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Template, atom.Object, atom.Svg:
		return true
	}
	return false
}

// block elements end a paragraph.
func block(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Ul, atom.Ol, atom.Figure, atom.Figcaption,
		atom.Section, atom.Article, atom.Header, atom.Footer, atom.Hr:
		return true
	}
	return false
}
