package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// interruptible is a query whose searchers stop once the search's
// context is done. bleve looks at the context only between the documents
// it collects, but a phrase, or a word with exclusions, may walk the
// postings of every article before it yields one (a phrase of one common
// word said 32 times: 2 s at 100,000 articles), and no deadline would stop
// it. Here every postings list the query reads looks at the context as it
// goes.
type interruptible struct{ query.Query }

// Searcher is q's searcher, reading the index through a reader that
// stops with ctx's error.
func (q interruptible) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o bsearch.SearcherOptions) (bsearch.Searcher, error) {
	return q.Query.Searcher(ctx, &ctxReader{IndexReader: i, ctx: ctx}, m, o)
}

// ctxReader is an index reader whose term readers stop with ctx's error.
type ctxReader struct {
	index.IndexReader
	ctx context.Context
}

// TermFieldReader is the reader of a term's postings, which stops once
// r's context is done.
func (r *ctxReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (index.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	return &ctxTermReader{TermFieldReader: tfr, ctx: r.ctx}, nil
}

// FieldDictContains passes on the reader's own, which the date range
// uses to skip the terms no article has.
func (r *ctxReader) FieldDictContains(field string) (index.FieldDictContains, error) {
	c, ok := r.IndexReader.(index.IndexReaderContains)
	if !ok {
		return nil, fmt.Errorf("search: the index reader %T has no field dictionary lookups", r.IndexReader)
	}
	return c.FieldDictContains(field)
}

// lookEvery is how many postings a term reader reads between two looks at
// its context: a look costs a lock, a posting tens of nanoseconds.
const lookEvery = 256

// ctxTermReader reads a term's postings until its context is done.
type ctxTermReader struct {
	index.TermFieldReader
	ctx   context.Context
	reads int
}

// look returns the context's error every lookEvery reads.
func (t *ctxTermReader) look() error {
	t.reads++
	if t.reads%lookEvery != 0 {
		return nil
	}
	return t.ctx.Err()
}

func (t *ctxTermReader) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if err := t.look(); err != nil {
		return nil, err
	}
	return t.TermFieldReader.Next(pre)
}

func (t *ctxTermReader) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if err := t.look(); err != nil {
		return nil, err
	}
	return t.TermFieldReader.Advance(id, pre)
}
