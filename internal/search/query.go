package search

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Boosts of the fields a word is looked for in: a word of the title says
// more about the article than one of its text.
var textBoosts = map[string]float64{fieldTitle: 3, fieldLead: 2, fieldText: 1}

// textFields are the fields a word or phrase is looked for in, with their
// boosts: every language's title, lead and text, author and tags.
func textFields() map[string]float64 {
	out := map[string]float64{fieldAuthor: 1, fieldTags: 1.5}
	for _, lang := range languages {
		for f, boost := range textBoosts {
			out[langField(lang, f)] = boost
		}
	}
	return out
}

// bleveQuery is the query t asks for, with filters the flags add.
func (t *Terms) bleveQuery() query.Query {
	fields := textFields()
	var must, mustNot []query.Query
	for _, w := range t.Words {
		must = append(must, anyField(fields, w, false))
	}
	for _, p := range t.Phrases {
		must = append(must, anyField(fields, p, true))
	}
	for _, w := range t.NotWords {
		mustNot = append(mustNot, anyField(fields, w, false))
	}
	for _, p := range t.NotPhrases {
		mustNot = append(mustNot, anyField(fields, p, true))
	}
	must = append(must, t.filters()...)
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	b.AddMustNot(mustNot...)
	return b
}

// filters are the field terms of t: any of the feeds, any of the
// languages, any of the sources, the published range.
func (t *Terms) filters() []query.Query {
	var out []query.Query
	for _, f := range []struct {
		field  string
		values []string
	}{{fieldFeed, t.Feeds}, {fieldLang, t.Langs}, {fieldSource, t.Sources}} {
		if len(f.values) > 0 {
			out = append(out, anyTerm(f.field, f.values))
		}
	}
	if !t.Since.IsZero() || !t.Until.IsZero() {
		incl, excl := true, false
		r := bleve.NewDateRangeInclusiveQuery(t.Since, t.Until, &incl, &excl)
		r.SetField(fieldPublished)
		out = append(out, r)
	}
	return out
}

// anyField matches text (a word, or a phrase when phrase is set) in any
// of fields, each analyzing it with its own analyzer. A word that
// analyzes into several terms ("covid-19") needs them all.
func anyField(fields map[string]float64, text string, phrase bool) query.Query {
	d := bleve.NewDisjunctionQuery()
	for f, boost := range fields {
		if phrase {
			q := bleve.NewMatchPhraseQuery(text)
			q.SetField(f)
			q.SetBoost(boost)
			d.AddQuery(q)
			continue
		}
		q := bleve.NewMatchQuery(text)
		q.SetField(f)
		q.SetBoost(boost)
		q.SetOperator(query.MatchQueryOperatorAnd)
		d.AddQuery(q)
	}
	return d
}

// anyTerm matches any of the exact values in field.
func anyTerm(field string, values []string) query.Query {
	d := bleve.NewDisjunctionQuery()
	for _, v := range values {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		d.AddQuery(q)
	}
	return d
}
