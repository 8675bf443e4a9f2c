package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// maxDayTerms bounds the feed-days PerDay counts: a thousand feeds over a
// month and more.
const maxDayTerms = 40_000

// PerDay counts, for each feed, the articles archived on each of the days
// UTC days ending with now's, oldest first: one search with a facet over
// the day field, whatever the size of the archive. An article of several
// feeds counts in each.
func (ix *Index) PerDay(now time.Time, days int) (map[string][]int, error) {
	first := now.UTC().Truncate(24*time.Hour).AddDate(0, 0, 1-days)
	q := bleve.NewDateRangeQuery(first, time.Time{})
	q.SetField(fieldFetched)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(fieldDay, bleve.NewFacetRequest(fieldDay, maxDayTerms))
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("count articles per day: %w", err)
	}
	out := map[string][]int{}
	f := res.Facets[fieldDay]
	if f == nil || f.Terms == nil {
		return out, nil
	}
	for _, t := range f.Terms.Terms() {
		feed, day, ok := strings.Cut(t.Term, "|")
		d, err := time.Parse(dayLayout, day)
		i := int(d.Sub(first) / (24 * time.Hour))
		if !ok || err != nil || i < 0 || i >= days {
			continue
		}
		if out[feed] == nil {
			out[feed] = make([]int, days)
		}
		out[feed][i] += t.Count
	}
	return out, nil
}
