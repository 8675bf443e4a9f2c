package clean

import (
	"net/url"

	"golang.org/x/net/html"
)

// fields reads the article fields the rule has selectors for. It runs
// before the body is modified.
func (r *siteRule) fields(doc *html.Node) *Article {
	a := &Article{
		Title:   r.title.value(doc),
		Lead:    r.lead.value(doc),
		Author:  r.author.value(doc),
		Section: r.section.value(doc),
		Tags:    r.tags.values(doc),
	}
	a.Published = parseDate(dateValue(r.published.first(doc)), r.loc)
	return a
}

// dateValue reads a date element: its datetime or content attribute,
// else its text.
func dateValue(n *html.Node) string {
	if n == nil {
		return ""
	}
	for _, key := range []string{"datetime", "content"} {
		if v := attr(n, key); v != "" {
			return v
		}
	}
	return nodeValue(n)
}

// readBody drops the rule's removed elements from body, takes its images
// (and their captions out of the text) and returns its text lines, the
// images and the captions as printed.
func (r *siteRule) readBody(body *html.Node, base *url.URL) ([]string, []Image, []string) {
	for _, n := range r.remove.all(body) {
		detach(n)
	}
	images, captions := imageFinder{base: base, block: r.image, caption: r.caption}.collect(body)
	return blockLines(body), images, captions
}
