package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/depeche-archiver/depeche/store"
)

// Snippet shape: how many passages a hit shows, and about how long each
// is, in bytes, with how much of it comes before its first match.
const (
	snippetsPerHit = 2
	snippetLen     = 220
	snippetLead    = 60
)

// span is a match in a field's text, as byte offsets.
type span struct{ start, end int }

// snippets cuts a's passages around the matches locs gives: from the
// text first, then the lead, then author and tags.
func snippets(a *store.Article, locs bsearch.FieldTermLocationMap) []Snippet {
	var out []Snippet
	for _, f := range []struct {
		name, text string
	}{{fieldText, a.Text}, {fieldLead, a.Lead}, {fieldAuthor, a.Author}} {
		spans := matches(locs, f.name, len(f.text))
		out = append(out, cut(f.text, spans, snippetsPerHit-len(out))...)
		if len(out) == snippetsPerHit {
			return out
		}
	}
	for i, tag := range a.Tags {
		if len(out) == snippetsPerHit {
			break
		}
		if spans := tagMatches(locs, i, len(tag)); len(spans) > 0 {
			out = append(out, cut(tag, spans, 1)...)
		}
	}
	return out
}

// matches are the spans the locations give in field (under any
// language), sorted, overlaps dropped, those beyond size (a text that
// changed since it was indexed) left out.
func matches(locs bsearch.FieldTermLocationMap, field string, size int) []span {
	var out []span
	for name, terms := range locs {
		if name != field && !strings.HasSuffix(name, "."+field) {
			continue
		}
		for _, ls := range terms {
			for _, l := range ls {
				if int(l.End) <= size && l.Start < l.End {
					out = append(out, span{int(l.Start), int(l.End)})
				}
			}
		}
	}
	return sortSpans(out)
}

// tagMatches are the spans of tag number i.
func tagMatches(locs bsearch.FieldTermLocationMap, i, size int) []span {
	var out []span
	for _, ls := range locs[fieldTags] {
		for _, l := range ls {
			if len(l.ArrayPositions) == 1 && int(l.ArrayPositions[0]) == i && int(l.End) <= size {
				out = append(out, span{int(l.Start), int(l.End)})
			}
		}
	}
	return sortSpans(out)
}

// sortSpans sorts spans and drops those that overlap an earlier one.
func sortSpans(spans []span) []span {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Or(a.start-b.start, a.end-b.end) })
	out := spans[:0]
	for _, s := range spans {
		if len(out) == 0 || s.start >= out[len(out)-1].end {
			out = append(out, s)
		}
	}
	return out
}

// cut makes up to n passages of text around spans: each starts a little
// before a match not yet shown, on a word boundary, and holds every match
// that fits in it.
func cut(text string, spans []span, n int) []Snippet {
	var out []Snippet
	for len(spans) > 0 && len(out) < n {
		from := wordStart(text, max(0, spans[0].start-snippetLead))
		to := wordEnd(text, min(len(text), max(from+snippetLen, spans[0].end)))
		var s Snippet
		at := from
		for len(spans) > 0 && spans[0].end <= to {
			sp := spans[0]
			if sp.start > at {
				s = append(s, Part{Text: text[at:sp.start]})
			}
			s = append(s, Part{Text: text[sp.start:sp.end], Hit: true})
			at, spans = sp.end, spans[1:]
		}
		if at < to {
			s = append(s, Part{Text: text[at:to]})
		}
		out = append(out, s)
	}
	return out
}

// wordStart moves i back to the start of the word it falls in.
func wordStart(text string, i int) int {
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	if i == 0 {
		return 0
	}
	if j := strings.LastIndexAny(text[:i], " \n\t"); j >= 0 {
		return j + 1
	}
	return 0
}

// wordEnd moves i on to the end of the word it falls in.
func wordEnd(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if j := strings.IndexAny(text[i:], " \n\t"); j >= 0 {
		return i + j
	}
	return len(text)
}
