package search

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlfmt "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
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
	Took  time.Duration // the search's time in the index
	Hits  []Hit         // the page asked for, best first
}

// Hit is one article found.
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

// snippetsPerHit bounds the passages a hit shows.
const snippetsPerHit = 2

// Search runs r and returns the page of hits it asks for: ranked by
// score when the query has words or phrases, newest published first when
// it only filters.
func (ix *Index) Search(r Request) (*Result, error) {
	size := r.Size
	if size <= 0 {
		size = 20
	}
	size = min(size, MaxSize)
	req := bleve.NewSearchRequestOptions(r.Terms.bleveQuery(), size, max(r.From, 0), false)
	req.Fields = []string{"*"}
	if r.Terms.Positive() {
		req.Highlight = bleve.NewHighlightWithStyle(htmlfmt.Name)
	} else {
		req.SortBy([]string{"-" + fieldPublished, "-" + fieldFetched})
	}
	res, err := ix.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{Total: res.Total, Took: res.Took, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		hit, err := newHit(h)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// newHit reads a hit's stored fields and fragments.
func newHit(h *bsearch.DocumentMatch) (Hit, error) {
	id, err := strconv.ParseUint(h.ID, 10, 64)
	if err != nil {
		return Hit{}, fmt.Errorf("search: index document %q: not an article id", h.ID)
	}
	hit := Hit{ID: id, Score: h.Score, Feeds: strs(h.Fields[fieldFeed]), Language: str(h.Fields[fieldLang])}
	for _, lang := range languages {
		if t := str(h.Fields[langField(lang, fieldTitle)]); t != "" {
			hit.Title = t
		}
	}
	hit.Published = date(h.Fields[fieldPublished])
	hit.Fetched = date(h.Fields[fieldFetched])
	hit.Snippets = snippets(h.Fragments)
	return hit, nil
}

// snippets picks a hit's passages: the text's first, then the lead's,
// then author and tags.
func snippets(fragments bsearch.FieldFragmentMap) []Snippet {
	var out []Snippet
	for _, field := range []string{fieldText, fieldLead, fieldAuthor, fieldTags} {
		for name, frags := range fragments {
			if name != field && !strings.HasSuffix(name, "."+field) {
				continue
			}
			for _, f := range frags {
				if len(out) == snippetsPerHit {
					return out
				}
				out = append(out, parseFragment(f))
			}
		}
	}
	return out
}

// parseFragment turns a fragment of the html highlighter (escaped text,
// matches in <mark>) into parts of plain text. The text is escaped, so a
// "<mark>" in it is "&lt;mark&gt;": the tags found are the highlighter's.
func parseFragment(f string) Snippet {
	var out Snippet
	for f != "" {
		before, rest, found := strings.Cut(f, "<mark>")
		if before != "" {
			out = append(out, Part{Text: html.UnescapeString(before)})
		}
		if !found {
			break
		}
		word, after, _ := strings.Cut(rest, "</mark>")
		out = append(out, Part{Text: html.UnescapeString(word), Hit: true})
		f = after
	}
	return out
}

// str is a stored text field's value.
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return str(v[0])
		}
	}
	return ""
}

// strs is a stored field's values.
func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			out = append(out, str(x))
		}
		return slices.DeleteFunc(out, func(s string) bool { return s == "" })
	}
	return nil
}

// date is a stored date field's value, zero when absent.
func date(v any) time.Time {
	t, err := time.Parse(time.RFC3339Nano, str(v))
	if err != nil {
		return time.Time{}
	}
	return t
}
