package crawler

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"
)

// sitemapDoc is a parsed sitemap: an index of other sitemaps, or a set of
// page URLs.
type sitemapDoc struct {
	sitemaps []string
	pages    []Item // Link and, from <lastmod> or <news:publication_date>, Published
}

// parseSitemap reads a sitemap or a sitemap index (sitemaps.org 0.9, with
// the Google News extension), streaming: entries are read one at a time.
func parseSitemap(body []byte, base *url.URL) (sitemapDoc, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var doc sitemapDoc
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return doc, nil
		}
		if err != nil {
			return doc, err
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if err := doc.read(dec, start, base); err != nil {
			return doc, err
		}
	}
}

// sitemapEntry is one <sitemap> or <url> element.
type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod"`
	News    struct {
		Published string `xml:"publication_date"`
	} `xml:"news"`
}

func (doc *sitemapDoc) read(dec *xml.Decoder, start xml.StartElement, base *url.URL) error {
	switch start.Name.Local {
	case "sitemap", "url":
	default:
		return nil
	}
	var e sitemapEntry
	if err := dec.DecodeElement(&e, &start); err != nil {
		return err
	}
	loc := resolve(base, strings.TrimSpace(e.Loc))
	if loc == "" {
		return nil
	}
	if start.Name.Local == "sitemap" {
		doc.sitemaps = append(doc.sitemaps, loc)
		return nil
	}
	doc.pages = append(doc.pages, Item{Link: loc, Published: sitemapTime(e.News.Published, e.LastMod)})
	return nil
}

// sitemapTime parses the first W3C datetime given.
func sitemapTime(values ...string) time.Time {
	for _, v := range values {
		v = strings.TrimSpace(v)
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02"} {
			if t, err := time.Parse(layout, v); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// robotsSitemaps lists the Sitemap: lines of a robots.txt.
func robotsSitemaps(robots []byte) []string {
	var out []string
	for _, line := range strings.Split(string(robots), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}
