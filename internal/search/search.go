package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/depeche-archiver/depeche/store"
)

// MaxSize bounds how many hits one request returns.
const MaxSize = 200

// Request is one search.
type Request struct {
	Terms Terms // Parse's result, with flags' filters added
	Size  int   // hits wanted: 1 to MaxSize, 0 for 20
	From  int   // hits to skip, for paging
}

// Result is a search's answer.
type Result struct {
	Total uint64        // every article that matches
	Took  time.Duration // the search's time, the archive reads included
	Hits  []Hit         // the page asked for, best first
}

// Hit is one article found, as the archive has it now.
type Hit struct {
	ID        uint64
	Score     float64
	Title     string
	Feeds     []string
	Language  string
	Published time.Time // zero when unknown
	Fetched   time.Time
	Snippets  []Snippet // the passages that matched, the title's left out
}

// Snippet is a passage of an article, in parts that alternate between
// text around a match and the matched words.
type Snippet []Part

// Part is a piece of a snippet.
type Part struct {
	Text string
	Hit  bool // the words the query matched
}

// Search runs r and returns the page of hits it asks for: ranked by
// score when the query has words or phrases, newest published first when
// it only filters. Each hit is read from db, the archive the index
// follows, and its snippets cut from the text there; a hit the archive
// does not have (an index of another archive) is left out.
//
// The search stops with ctx's error once ctx is done: bleve looks at ctx
// between the documents it collects, and so does the reading of hits.
func (ix *Index) Search(ctx context.Context, db *store.DB, r Request) (*Result, error) {
	start := time.Now()
	size := r.Size
	if size <= 0 {
		size = 20
	}
	size = min(size, MaxSize)
	q := interruptible{r.Terms.bleveQuery()}
	req := bleve.NewSearchRequestOptions(q, size, max(r.From, 0), false)
	if !r.Terms.Positive() {
		req.SortBy([]string{"-" + fieldPublished, "-" + fieldFetched})
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	locs, err := ix.locations(ctx, q, res.Hits)
	if err != nil {
		return nil, err
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.Locations = locs[h.ID]
		hit, err := readHit(db, h)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	out.Took = time.Since(start)
	return out, nil
}

// readHit reads a hit's article and cuts its snippets.
func readHit(db *store.DB, h *bsearch.DocumentMatch) (Hit, error) {
	id, err := strconv.ParseUint(h.ID, 10, 64)
	if err != nil {
		return Hit{}, fmt.Errorf("search: index document %q: not an article id", h.ID)
	}
	a, err := db.Article(id)
	if err != nil {
		return Hit{}, fmt.Errorf("search: %w", err)
	}
	return Hit{ID: id, Score: h.Score, Title: a.Title, Feeds: a.Feeds, Language: a.Language,
		Published: a.Published, Fetched: a.Fetched, Snippets: snippets(a, h.Locations)}, nil
}

// locations runs q again on the hits alone, asking where the terms
// matched: asking it of the whole search would gather the positions of
// every article a common word matches, not of the page shown.
func (ix *Index) locations(ctx context.Context, q query.Query, hits bsearch.DocumentMatchCollection) (map[string]bsearch.FieldTermLocationMap, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), q), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: positions of the hits: %w", err)
	}
	out := make(map[string]bsearch.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}
