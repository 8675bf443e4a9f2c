package clean

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A page of more than maxPage bytes is shrunk while it is still text (see
// shrinkMarkup) to at most maxMarkup bytes of markup before it is parsed:
// a tree costs ten to twenty times the markup it is parsed from, so the
// memory a page costs stays bounded. The 1,488 real pages of the shared
// benchmark are all under maxPage, and none holds more than 540 KB of
// markup once its inert content is gone.
const (
	maxPage   = 2 << 20
	maxMarkup = 1 << 20
)

// shrinkMarkup returns body, a page as fetched, without what never holds
// an article's text: comments, scripts other than JSON-LD, styles, SVG,
// MathML, templates, noscript and iframe content. What remains is cut,
// at a tag, after maxMarkup bytes; the parser closes what is left open.
// Pages up to maxPage bytes are returned as they are, and so are pages
// in UTF-16, whose bytes the tokenizer cannot read before decoding. It
// runs before decoding so that a large page is never copied whole: the
// tags it reads are ASCII in every other charset a page may use.
func shrinkMarkup(body []byte) []byte {
	if len(body) <= maxPage || isUTF16(body) {
		return body
	}
	return stripInert(body, maxMarkup)
}

// isUTF16 reports a body that starts with a UTF-16 byte order mark.
func isUTF16(body []byte) bool {
	return bytes.HasPrefix(body, []byte{0xFE, 0xFF}) || bytes.HasPrefix(body, []byte{0xFF, 0xFE})
}

// stripInert returns body without its inert content (see shrinkMarkup),
// stopping once limit bytes are written.
func stripInert(body []byte, limit int) []byte {
	out := bytes.NewBuffer(make([]byte, 0, min(len(body), limit+64<<10)))
	z := html.NewTokenizer(bytes.NewReader(body))
	var skip skipper
	var tag []byte
	for out.Len() < limit {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch {
		case tt == html.CommentToken:
		case tt == html.TextToken || tt == html.DoctypeToken:
			if !skip.active() {
				out.Write(z.Raw())
			}
		default:
			tag = append(tag[:0], z.Raw()...) // reading attributes rewrites z's buffer
			if skip.keep(z, tt) {
				out.Write(tag)
			}
		}
	}
	return out.Bytes()
}

// skipper follows the element being skipped, if any.
type skipper struct {
	tag   atom.Atom // the element skipped, 0 when none
	depth int       // its nesting: an <svg> may hold an <svg>
}

// active reports whether an element is being skipped.
func (s *skipper) active() bool { return s.tag != 0 }

// keep reports whether the tag token z holds is to be kept, starting or
// ending a skip.
func (s *skipper) keep(z *html.Tokenizer, tt html.TokenType) bool {
	name, hasAttr := z.TagName()
	a := atom.Lookup(name)
	if s.active() {
		return s.inside(a, tt)
	}
	if tt != html.StartTagToken || !skipped(a, z, hasAttr) {
		return true
	}
	s.tag, s.depth = a, 1
	return false
}

// inside follows a tag met while skipping: it reports whether the tag
// ends the skip and is to be kept (an HTML block tag inside SVG, which
// the parser would take as the end of the SVG).
func (s *skipper) inside(a atom.Atom, tt html.TokenType) bool {
	switch {
	case a == s.tag && tt == html.StartTagToken:
		s.depth++
	case a == s.tag && tt == html.EndTagToken:
		if s.depth--; s.depth == 0 {
			s.tag = 0
		}
	case (s.tag == atom.Svg || s.tag == atom.Math) && tt == html.StartTagToken && breaksOut[a]:
		s.tag, s.depth = 0, 0
		return true
	}
	return false
}

// skipped reports the start tags whose element shrinkMarkup leaves out.
func skipped(a atom.Atom, z *html.Tokenizer, hasAttr bool) bool {
	switch a {
	case atom.Style, atom.Svg, atom.Math, atom.Template, atom.Noscript, atom.Iframe, atom.Noembed, atom.Noframes:
		return true
	case atom.Script:
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			if string(k) == "type" && bytes.Contains(bytes.ToLower(v), []byte("ld+json")) {
				return false
			}
		}
		return true
	}
	return false
}

// breaksOut are HTML tags that end foreign content (SVG, MathML).
var breaksOut = map[atom.Atom]bool{
	atom.Body: true, atom.Div: true, atom.P: true, atom.Ul: true, atom.Ol: true, atom.Li: true,
	atom.Table: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Pre: true, atom.Blockquote: true, atom.Br: true, atom.Dl: true,
}
