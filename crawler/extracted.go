package crawler

import (
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// ExtractedArticle is the article the crawler would archive from page,
// cleaned into art by a cleaner of fingerprint rules and had at fetched,
// before it is saved: no id, feed or GUID, nothing the feed item would
// add. It is what `depeche extract` shows, so that a page checked by hand
// reads as the archive would record it.
func ExtractedArticle(page clean.Page, art *clean.Article, rules string, fetched time.Time) *store.Article {
	a := cleanedRecord(art, rules, known{})
	a.URL = page.URL
	a.CanonicalURL = canonical(page.URL, resolveCanonical(page.URL, art.CanonicalURL))
	a.Fetched = fetched
	a.Source = store.SourcePage
	a.ContentHash = store.ContentHash(a.Text)
	return a
}
