package crawler

import (
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/store"
)

// known is what the archive knows of an article besides its page: the
// feed item's fields when the article is new, the archived version's when
// it is cleaned again.
type known struct {
	title, lead string
	published   time.Time
}

// cleanedRecord maps the cleaner's article onto the archive's record, its
// text and metadata only: the one mapping that fetching and re-cleaning
// share. What the page does not give (a title, a lead, a publication
// time) is taken from k; rules is the fingerprint of the cleaner that made
// art.
func cleanedRecord(art *clean.Article, rules string, k known) *store.Article {
	a := &store.Article{
		Title:     firstOf(art.Title, k.title),
		Lead:      firstOf(art.Lead, k.lead),
		Author:    art.Author,
		Published: art.Published,
		Language:  art.Language,
		Section:   art.Section,
		Tags:      art.Tags,
		Text:      art.Text,
		Extractor: art.Extractor,
		Cleaner:   clean.Version,
		Rules:     rules,
	}
	if a.Published.IsZero() {
		a.Published = k.published
	}
	for _, img := range art.Images {
		a.Images = append(a.Images, store.Image(img))
	}
	return a
}

// firstOf returns the first of s that is not blank, trimmed.
func firstOf(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// storeCapture is a page's exchange as the archive records it.
func storeCapture(c *fetch.Capture) *store.Capture {
	return (*store.Capture)(c)
}
