package clean

import (
	"fmt"
	"net/url"
	"time"

	htmldate "github.com/markusmobius/go-htmldate"
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

// extractGeneric runs go-trafilatura on doc. Images are left out of its
// content tree: with them it keeps galleries and their captions as text.
// They come from the page's figures instead (see articleImages); doc
// loses its figcaptions, so this runs after everything else read it.
// A published date the page's metadata already gave is handed over, so
// that go-trafilatura does not search the page for one again.
func extractGeneric(doc *html.Node, base *url.URL, published time.Time) (*generic, error) {
	opts := trafilatura.Options{
		OriginalURL:     base,
		EnableFallback:  false,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Fast,
		Focus:           trafilatura.FavorRecall,
	}
	if !published.IsZero() {
		opts.HtmlDateOverride = &htmldate.Result{DateTime: published, HasTime: true}
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoText, err)
	}
	g := &generic{meta: res.Metadata, images: articleImages(doc, base)}
	if res.ContentNode != nil {
		g.lines = addChunks(doc, trimmedLines(res.ContentNode))
	}
	g.lines = rescue(doc, base, g.lines)
	return g, nil
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
