package search

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion names the mapping below; an index made with another is
// rebuilt, since its fields would not answer the queries of this one.
const mappingVersion = "depeche.search/3"

// plain is the analyzer of articles in a language without one of its own:
// words split on Unicode boundaries and lower-cased, nothing dropped.
const plain = "plain"

// analyzers maps a language to its analyzer: stemming, elisions and stop
// words of that language.
var analyzers = map[string]string{
	"fr": fr.AnalyzerName, "en": en.AnalyzerName, "de": de.AnalyzerName,
	"es": es.AnalyzerName, "it": it.AnalyzerName, "nl": nl.AnalyzerName, "pt": pt.AnalyzerName,
	plain: plain,
}

// languages are the keys of analyzers, plain last, in a fixed order.
var languages = []string{"fr", "en", "de", "es", "it", "nl", "pt", plain}

// Field names of the index.
const (
	fieldTitle     = "title"
	fieldLead      = "lead"
	fieldText      = "text"
	fieldAuthor    = "author"
	fieldTags      = "tags"
	fieldFeed      = "feed"
	fieldLang      = "lang"
	fieldSource    = "source"
	fieldPublished = "published"
	fieldFetched   = "fetched"
	fieldDay       = "day" // feed and day archived, "feed|2006-01-02", for per-day counts
)

// langOf is the analyzer key of an article's language tag: its primary
// subtag when an analyzer exists for it ("fr-CA" is fr), else plain.
func langOf(tag string) string {
	primary := primaryTag(tag)
	if _, ok := analyzers[primary]; ok && primary != plain {
		return primary
	}
	return plain
}

// primaryTag is the primary subtag of a language tag, lower case: what
// lang: matches ("fr-CA" and "FR" are "fr").
func primaryTag(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	primary, _, _ = strings.Cut(primary, "_")
	return primary
}

// langField is the name of field in the fields of lang.
func langField(lang, field string) string { return lang + "." + field }

// newMapping returns the index mapping: a language's own title, lead and
// text, author and tags in plain words, all with the term positions that
// phrases and snippets need; feed, language, source and day as exact
// keywords; the dates as dates. No text is stored: a hit's snippets are
// cut from the archive's text at the positions the index gives, so the
// index holds no copy of what the archive keeps.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	err := m.AddCustomAnalyzer(plain, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("define the plain analyzer: %w", err)
	}
	doc := mapping.NewDocumentStaticMapping()
	for _, lang := range languages {
		sub := mapping.NewDocumentStaticMapping()
		for _, f := range []string{fieldTitle, fieldLead, fieldText} {
			sub.AddFieldMappingsAt(f, textField(analyzers[lang]))
		}
		doc.AddSubDocumentMapping(lang, sub)
	}
	doc.AddFieldMappingsAt(fieldAuthor, textField(plain))
	doc.AddFieldMappingsAt(fieldTags, textField(plain))
	for _, f := range []string{fieldFeed, fieldLang, fieldSource, fieldDay} {
		doc.AddFieldMappingsAt(f, keywordField())
	}
	for _, f := range []string{fieldPublished, fieldFetched} {
		dm := mapping.NewDateTimeFieldMapping()
		dm.Store, dm.DocValues = false, true // doc values: sorting by date
		doc.AddFieldMappingsAt(f, dm)
	}
	// No query reads bleve's composite "_all" field, and making it costs
	// every field of every article a visit more.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	m.DefaultAnalyzer = plain
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false
	return m, nil
}

// textField is a field analyzed by analyzer, with the term positions that
// phrases and snippets need, not stored.
func textField(analyzer string) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = false
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is an exact value, with doc values for facets.
func keywordField() *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = true
	return f
}
