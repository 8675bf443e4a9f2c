package clean

import (
	"fmt"
	"net/url"
	"time"

	"golang.org/x/net/html"
)

// page is one page being cleaned.
type page struct {
	doc  *html.Node
	base *url.URL
	meta pageMeta
}

// cleanWithRule cleans the page with a site rule, falling back to
// generic extraction of the body when the rule's body selector matches
// nothing (the layout changed).
func (pg *page) cleanWithRule(r *siteRule) (*Article, error) {
	a := r.fields(pg.doc)
	a.Extractor = "rule:" + r.name
	var lines, captions []string
	if body := r.body.first(pg.doc); body != nil {
		lines, a.Images, captions = r.readBody(body, pg.base)
	} else {
		g, err := extractGeneric(pg.doc, pg.base, a.Published)
		if err != nil {
			return nil, err
		}
		g.fill(a)
		lines, a.Images = g.lines, g.images
		a.Extractor += ":generic-fallback"
	}
	pg.complete(a, r.loc)
	return pg.finish(a, r.filter, lines, append([]string{a.Title, a.Lead}, captions...)...)
}

// cleanGeneric cleans a page no rule applies to with go-trafilatura.
func (pg *page) cleanGeneric() (*Article, error) {
	g, err := extractGeneric(pg.doc, pg.base, parseDate(pg.meta.publishedDate(), time.UTC))
	if err != nil {
		return nil, err
	}
	a := &Article{Extractor: extractorGeneric, Images: g.images}
	pg.complete(a, time.UTC)
	g.fill(a)
	return pg.finish(a, lineFilter{generic: true}, g.lines, a.Title)
}

// complete fills the fields the page's metadata knows and a lacks.
func (pg *page) complete(a *Article, loc *time.Location) {
	m := pg.meta
	a.Title = firstOf(a.Title, m.headTitle())
	a.Lead = firstOf(a.Lead, m.lead())
	a.Author = firstOf(a.Author, m.authorName())
	a.Section = firstOf(a.Section, m.section)
	if a.Published.IsZero() {
		a.Published = parseDate(m.publishedDate(), loc)
	}
	if len(a.Tags) == 0 {
		a.Tags = m.tags
	}
	if len(a.Images) == 0 {
		a.Images = appendImage(nil, Image{URL: absURL(pg.base, m.image)})
	}
	a.CanonicalURL = m.canonicalURL(pg.base)
}

// finish makes the body text from lines, dropping known lines (title,
// lead), and sets the language.
func (pg *page) finish(a *Article, f lineFilter, lines []string, known ...string) (*Article, error) {
	a.Text = joinParagraphs(f.apply(normalizeLines(lines), known...))
	if a.Text == "" {
		return nil, fmt.Errorf("%w: the body is empty once cleaned", ErrNoText)
	}
	a.Language = language(pg.meta, a.Text)
	return a, nil
}
