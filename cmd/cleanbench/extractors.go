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
	text                                 string
	published, author, language, canonic bool
}

// extractor is one contender of the benchmark.
type extractor struct {
	name    string
	dir     string // subdirectory of -out/<set> for its texts
	extract func(page) output
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
			text:      a.Text,
			published: !a.Published.IsZero(),
			author:    a.Author != "",
			language:  a.Language != "",
			canonic:   a.CanonicalURL != "",
		}
	}}
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
			text:      res.ContentText,
			published: !m.Date.IsZero(),
			author:    m.Author != "",
			language:  m.Language != "",
			canonic:   m.URL != "",
		}
	}}
}
