package search

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// BenchmarkInterruptible measures what looking at the context costs a
// search: each query run on the index as bleve reads it (the baseline)
// and through interruptible. Compare the pairs with benchstat or by eye:
//
//	go test -run '^$' -bench Interruptible -count 5 ./internal/search
func BenchmarkInterruptible(b *testing.B) {
	_, ix := openStories(b, 1100)
	for _, q := range []struct{ name, q string }{
		{"word", "harbour"},
		{"two-words", "harbour ferry"},
		{"phrase", `"harbour ferry"`},
		{"word-less-phrase", `harbour -"ferry tide"`},
		{"phrase-found-nowhere", `"` + strings.Repeat("harbour ", 32) + `"`},
	} {
		terms, err := Parse(q.q)
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []struct {
			name string
			q    query.Query
		}{{"plain", terms.bleveQuery()}, {"interruptible", interruptible{terms.bleveQuery()}}} {
			b.Run(q.name+"/"+mode.name, func(b *testing.B) {
				for b.Loop() {
					if _, err := ix.idx.SearchInContext(b.Context(), bleve.NewSearchRequestOptions(mode.q, 20, 0, false)); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
