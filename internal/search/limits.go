package search

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Limits bound what one query may ask of the index. The cost of a query
// grows with its terms, each looked for in every language's fields, and
// a phrase's cost with its words: a thousand-word phrase kept a core busy
// for seconds on a small archive, beyond where a deadline can stop it
// (bleve looks at the context between the documents it collects, not
// inside one term's walk).
type Limits struct {
	// MaxBytes is the longest query, in bytes of UTF-8.
	MaxBytes int
	// MaxTerms is the most terms a query may have (see Terms.Count).
	MaxTerms int
}

// Default limits, which Limits' zero fields stand for.
const (
	DefaultMaxBytes = 1024
	DefaultMaxTerms = 32
)

// orDefault is l with its zero fields set to the defaults.
func (l Limits) orDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxTerms <= 0 {
		l.MaxTerms = DefaultMaxTerms
	}
	return l
}

// LimitError is a query over one of its limits.
type LimitError struct {
	Unit     string // "bytes" or "terms"
	Got, Max int
}

func (e *LimitError) Error() string {
	if e.Unit == "bytes" {
		return fmt.Sprintf("the query is %d bytes long, over the limit of %d bytes", e.Got, e.Max)
	}
	return fmt.Sprintf("the query has %d terms (each word of a phrase counts), over the limit of %d terms", e.Got, e.Max)
}

// ParseLimited is Parse for a query that must keep within l (zero fields:
// the defaults): a longer query is refused before it is read, one with
// more terms once it is. Either refusal is a *LimitError.
func ParseLimited(q string, l Limits) (Terms, error) {
	l = l.orDefault()
	if len(q) > l.MaxBytes {
		return Terms{}, &LimitError{Unit: "bytes", Got: len(q), Max: l.MaxBytes}
	}
	t, err := Parse(q)
	if err != nil {
		return t, err
	}
	if n := t.Count(); n > l.MaxTerms {
		return Terms{}, &LimitError{Unit: "terms", Got: n, Max: l.MaxTerms}
	}
	return t, nil
}

// Count is how many terms t asks the index for: each word that a word or
// phrase, to match or to exclude, splits into ("covid-19" is two, a
// phrase of ten words ten), each feed, language and source value, and one
// for the published range however many bounds make it. Words are split
// as every analyzer of the index splits them, before stop words are
// dropped, so that no analyzer looks up more.
func (t *Terms) Count() int {
	n := len(t.Feeds) + len(t.Langs) + len(t.Sources)
	if !t.Since.IsZero() || !t.Until.IsZero() {
		n++
	}
	for _, texts := range [][]string{t.Words, t.Phrases, t.NotWords, t.NotPhrases} {
		for _, s := range texts {
			n += max(1, wordCount(s))
		}
	}
	return n
}

// splitter is the tokenizer of every analyzer of the index (see
// mapping.go): Unicode word boundaries, where each ideograph is a word.
var splitter = unicode.NewUnicodeTokenizer()

// wordCount is how many words the index's analyzers split s into.
func wordCount(s string) int { return len(splitter.Tokenize([]byte(s))) }
