package clean

import (
	"fmt"
	"net/url"

	"github.com/andybalholm/cascadia"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// extractorGeneric names go-trafilatura's extraction in Article.Extractor.
const extractorGeneric = "generic"

// generic is go-trafilatura's reading of a page.
type generic struct {
	lines  []string
	images []Image
	meta   trafilatura.Metadata
}

// extractGeneric runs go-trafilatura on doc, which it does not modify.
func extractGeneric(doc *html.Node, base *url.URL) (*generic, error) {
	opts := trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  false,
		ExcludeComments: true,
		IncludeImages:   true,
		HtmlDateMode:    trafilatura.Fast,
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoText, err)
	}
	g := &generic{meta: res.Metadata}
	if res.ContentNode != nil {
		g.images, _ = imageFinder{base: base}.collect(res.ContentNode)
		g.lines = blockLines(res.ContentNode)
	}
	addCaptions(g.images, doc, base)
	return g, nil
}

// addCaptions gives images the captions of the page's figures, which
// go-trafilatura's content tree lacks. It detaches figcaptions from doc,
// so it runs after everything else has read the tree.
func addCaptions(images []Image, doc *html.Node, base *url.URL) {
	if len(images) == 0 {
		return
	}
	block, err1 := cascadia.ParseGroup("figure")
	caption, err2 := cascadia.ParseGroup("figcaption")
	if err1 != nil || err2 != nil {
		return
	}
	captioned, _ := imageFinder{base: base, block: selectorList(block), caption: selectorList(caption)}.collect(doc)
	for i, im := range images {
		for _, c := range captioned {
			if c.URL == im.URL && im.Caption == "" && im.Credit == "" {
				images[i].Caption, images[i].Credit = c.Caption, c.Credit
			}
		}
	}
}

// fill completes a's empty metadata fields with go-trafilatura's.
func (g *generic) fill(a *Article) {
	md := g.meta
	a.Title = firstOf(a.Title, normalizeLine(md.Title))
	a.Author = firstOf(a.Author, normalizeLine(md.Author))
	if a.Published.IsZero() && !md.Date.IsZero() {
		a.Published = md.Date
	}
	if a.Section == "" && len(md.Categories) > 0 {
		a.Section = normalizeLine(md.Categories[0])
	}
	if len(a.Tags) == 0 {
		for _, t := range md.Tags {
			a.Tags = appendUnique(a.Tags, normalizeLine(t))
		}
	}
}
