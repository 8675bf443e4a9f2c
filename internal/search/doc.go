// Package search is the archive's full-text index: a bleve index kept
// beside the archive (<archive>.index), which follows the archive by its
// export cursor and can be thrown away and rebuilt from it at any time.
// The archive stays the only source of truth.
//
// bleve is the index because it is the maintained, embeddable Go engine
// with per-field analyzers for the languages depeche archives (French,
// English, German and others), phrase queries, date ranges, facets and
// highlighting; it keeps its files in one directory and needs no server.
//
// Each article is indexed under the analyzer of its language: its title,
// lead and text go into fields named after the language (fr.title,
// en.text...), and a word of a query is looked for in every language's
// fields, each analyzing the word its own way, so that "élection" finds
// "élections" in French articles and the plain analyzer still finds it
// where the language is unknown.
package search
