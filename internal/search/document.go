package search

import (
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// dayLayout is how the day field spells a day.
const dayLayout = "2006-01-02"

// docID is the index's id of article id.
func docID(id uint64) string { return strconv.FormatUint(id, 10) }

// document is what the index keeps of a: its words under its language's
// fields, the rest as they are. An article without a published date has
// none here either: a date range leaves it out.
func document(a *store.Article) map[string]any {
	lang := langOf(a.Language)
	d := map[string]any{
		lang:         map[string]any{fieldTitle: a.Title, fieldLead: a.Lead, fieldText: a.Text},
		fieldAuthor:  a.Author,
		fieldTags:    a.Tags,
		fieldFeed:    a.Feeds,
		fieldLang:    primaryTag(a.Language),
		fieldSource:  sourceOf(a),
		fieldFetched: a.Fetched.UTC(),
		fieldDay:     days(a.Feeds, a.Fetched),
	}
	if !a.Published.IsZero() {
		d[fieldPublished] = a.Published.UTC()
	}
	return d
}

// sourceOf is where a's text came from, page when the archive does not say.
func sourceOf(a *store.Article) string {
	if a.Source == "" {
		return store.SourcePage
	}
	return a.Source
}

// days is the day field of an article of feeds archived at t.
func days(feeds []string, t time.Time) []string {
	out := make([]string, len(feeds))
	for i, f := range feeds {
		out[i] = dayKey(f, t)
	}
	return out
}

// dayKey names a feed's day in the day field, the day in UTC.
func dayKey(feed string, t time.Time) string { return feed + "|" + t.UTC().Format(dayLayout) }
