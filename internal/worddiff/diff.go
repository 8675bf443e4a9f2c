package worddiff

import (
	"strings"
	"time"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Kind says which side of the comparison a piece of text belongs to.
type Kind int

// The kinds of operation.
const (
	Equal  Kind = iota // in both versions
	Delete             // in the old version only
	Insert             // in the new version only
)

// String is the kind's name as the JSON output writes it.
func (k Kind) String() string {
	switch k {
	case Delete:
		return "delete"
	case Insert:
		return "insert"
	}
	return "equal"
}

// Op is one run of words that both versions share, or that only one has.
type Op struct {
	Kind Kind
	Text string
}

// timeout bounds one comparison: past it go-diff returns a coarser but
// correct diff, so that two very long, very different texts cannot hold
// a caller for long.
const timeout = 2 * time.Second

// Diff compares old and new word by word and returns the operations that
// turn old into new, in order; adjacent operations of one kind are
// merged. Two texts that differ only in white space give one Equal
// operation (or none, when both are empty).
func Diff(old, new string) []Op {
	var dict dictionary
	a, b := dict.encode(words(old)), dict.encode(words(new))
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = timeout
	diffs := dmp.DiffMainRunes(a, b, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	return dict.decode(diffs)
}

// Changed reports whether ops hold any insertion or deletion.
func Changed(ops []Op) bool {
	for _, op := range ops {
		if op.Kind != Equal {
			return true
		}
	}
	return false
}

// words splits s into words, each with the normalised space that follows
// it: " " after a word, "\n\n" after a paragraph's last word, nothing
// after the last word of s.
func words(s string) []string {
	fields := strings.FieldsFunc(s, unicode.IsSpace)
	out := make([]string, 0, len(fields))
	rest := s
	for i, f := range fields {
		at := strings.Index(rest, f)
		rest = rest[at+len(f):]
		if i == len(fields)-1 {
			out = append(out, f)
			break
		}
		next := strings.Index(rest, fields[i+1])
		sep := " "
		if strings.Contains(rest[:next], "\n") {
			sep = "\n\n"
		}
		out = append(out, f+sep)
	}
	return out
}
