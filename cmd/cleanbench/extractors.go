package main

import (
	"bytes"
	"net/url"

	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// output is what an extractor made of one page: the body text and which
// metadata it found.
type output struct {
	Text                                 string
	Published, Author, Language, Canonic bool
}

// extractor is one contender of the benchmark.
type extractor struct {
	name    string
	dir     string            // subdirectory of -out/<set> for its texts
	extract func(page) output // in this process
	remote  *child            // or, when set, in this child process
}

// cleanerExtractor is depeche's cleaner, called exactly as `depeche
// extract` and the crawler call it. A page it rejects yields no text.
func cleanerExtractor(c *clean.Cleaner) extractor {
	return extractor{name: "depeche clean " + clean.Version, dir: "depeche", extract: func(p page) output {
		a, err := c.Clean(clean.Page{URL: p.URL, Body: p.Body})
		if err != nil {
			return output{}
		}
		return output{
			Text:      a.Text,
			Published: !a.Published.IsZero(),
			Author:    a.Author != "",
			Language:  a.Language != "",
			Canonic:   a.CanonicalURL != "",
		}
	}}
}

// baselineExtractor is go-trafilatura v1.12.2 with its fallback, the
// baseline.
func baselineExtractor() extractor {
	return trafilaturaExtractor("go-trafilatura + fallback", "go-trafilatura-fallback", true)
}

// trafilaturaExtractor is go-trafilatura used alone, as its own command
// line does: it parses the page itself and its text is ContentText.
func trafilaturaExtractor(name, dir string, fallback bool) extractor {
	return extractor{name: name, dir: dir, extract: func(p page) output {
		u, _ := url.Parse(p.URL) // nil when bad: go-trafilatura then goes without
		res, err := trafilatura.Extract(bytes.NewReader(p.Body), trafilatura.Options{
			OriginalURL:     u,
			EnableFallback:  fallback,
			ExcludeComments: true,
		})
		if err != nil {
			return output{}
		}
		m := res.Metadata
		return output{
			Text:      res.ContentText,
			Published: !m.Date.IsZero(),
			Author:    m.Author != "",
			Language:  m.Language != "",
			Canonic:   m.URL != "",
		}
	}}
}
