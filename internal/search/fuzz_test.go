package search

import (
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// FuzzParseLimited checks that no query makes the parser panic and that
// every query it accepts keeps within the limits, the terms counted
// again by the index's own analyzers: each word and phrase analyzed by
// every language's, the largest count taken.
func FuzzParseLimited(f *testing.F) {
	for _, q := range []string{
		"élection municipale", `"conseil municipal" budget`, `port -ferry -"gare maritime"`,
		`feed:"Le Quotidien" lang:FR source:feed`, "published>=2025-01-01 published<2025-02-01",
		"published:2025-03-04", "-feed:x", "a - b", `budget "conseil`, "covid-19", "港口城市的渡轮",
		`"l'élection d'hier"`, `feed:"`, `-"`, `""`, "published>=yesterday", "\x00\xff", "don't won't",
	} {
		f.Add(q)
	}
	m, err := newMapping()
	if err != nil {
		f.Fatal(err)
	}
	limits := Limits{}.orDefault()
	f.Fuzz(func(t *testing.T, q string) {
		terms, err := ParseLimited(q, Limits{})
		var le *LimitError
		switch {
		case errors.As(err, &le):
			if le.Got <= le.Max {
				t.Fatalf("refused %q: %v, yet within the limit", q, err)
			}
			return
		case err != nil:
			return
		}
		if len(q) > limits.MaxBytes {
			t.Fatalf("accepted %d bytes", len(q))
		}
		n := len(terms.Feeds) + len(terms.Langs) + len(terms.Sources)
		if !terms.Since.IsZero() || !terms.Until.IsZero() {
			n++
		}
		for _, texts := range [][]string{terms.Words, terms.Phrases, terms.NotWords, terms.NotPhrases} {
			for _, s := range texts {
				most := 1
				for _, lang := range languages {
					most = max(most, len(m.AnalyzerNamed(analyzers[lang]).Analyze([]byte(s))))
				}
				n += most
			}
		}
		if n > limits.MaxTerms {
			t.Fatalf("accepted %q: %d terms for the analyzers, over %d", q, n, limits.MaxTerms)
		}
		if err := terms.bleveQuery().(query.ValidatableQuery).Validate(); err != nil {
			t.Fatalf("query of %q: %v", q, err)
		}
	})
}
