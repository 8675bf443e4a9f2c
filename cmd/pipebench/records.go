package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// baseRecords cleans each base page once and returns the archive record
// the crawler would make of it, without the fields that differ by article.
func baseRecords(m *mirror, cl *clean.Cleaner) ([]store.Article, error) {
	recs := make([]store.Article, len(m.corpus.pages))
	for i := range m.corpus.pages {
		p := &m.corpus.pages[i]
		art, err := cl.Clean(clean.Page{URL: m.articleURL(i), ContentType: contentType, Body: p.body})
		if err != nil {
			return nil, fmt.Errorf("clean %s: %w", p.name, err)
		}
		recs[i] = store.Article{
			Title: art.Title, Lead: art.Lead, Author: art.Author, Published: art.Published,
			Language: art.Language, Section: art.Section, Tags: art.Tags, Text: art.Text,
			Extractor: art.Extractor, Cleaner: clean.Version,
		}
		for _, img := range art.Images {
			recs[i].Images = append(recs[i].Images, store.Image(img))
		}
	}
	return recs, nil
}

// saveArticle stores article n as the crawler does a new item: Seen, then
// Save with the item link and the final URL.
func saveArticle(db *store.DB, m *mirror, recs []store.Article, n int) error {
	feed, link := "f"+strconv.Itoa(n/m.perFeed), m.articleURL(n)
	_, seen, err := db.Seen(feed, link, link)
	if err != nil {
		return err
	}
	if seen {
		return fmt.Errorf("article %d already archived", n)
	}
	a := recs[n%len(recs)]
	now := time.Now()
	a.URL, a.CanonicalURL, a.GUID, a.Fetched = link, link, link, now
	a.Text += " a" + strconv.Itoa(n) // in the text as the page's marker would be
	a.Capture = &store.Capture{
		URL: link, Fetched: now, Status: http.StatusOK, Body: articleBody(m.page(n), n),
		RequestHeader: http.Header{"User-Agent": {config.DefaultUserAgent}, "Accept": {"text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}},
		Header:        http.Header{"Content-Type": {contentType}, "Date": {now.UTC().Format(http.TimeFormat)}},
	}
	_, _, err = db.Save(&a, feed, link, link, link)
	return err
}
