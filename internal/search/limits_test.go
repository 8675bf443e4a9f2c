package search

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseLimited(t *testing.T) {
	words := func(n int) string { // n different words
		ws := make([]string, n)
		for i := range ws {
			ws[i] = "mot" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		}
		return strings.Join(ws, " ")
	}
	tests := []struct {
		name string
		q    string
		unit string // of the LimitError; "" for none
		got  int    // what the error counts
	}{
		{"words-at-the-limit", words(32), "", 0},
		{"words-over", words(33), "terms", 33},
		{"phrase-counts-its-words", `"` + words(33) + `"`, "terms", 33},
		{"phrase-and-words", `"` + words(20) + `" ` + words(13), "terms", 33},
		{"negated-phrase", `port -"` + words(32) + `"`, "terms", 33},
		{"negated-words", "port -" + strings.ReplaceAll(words(32), " ", " -"), "terms", 33},
		{"hyphens-split-a-word", strings.ReplaceAll(words(33), " ", "-"), "terms", 33},
		{"ideographs-are-words", strings.Repeat("港", 33), "terms", 33},
		{"feeds", strings.Repeat("feed:quotidien ", 33), "terms", 33},
		{"languages-and-sources", strings.Repeat("lang:fr source:page ", 17), "terms", 34},
		{"date-bounds-make-one-range", strings.Repeat("published>=2025-01-01 ", 40), "", 0},
		{"long-phrase", `"` + strings.Repeat("a ", 600) + `"`, "bytes", 1202},
		{"just-under-the-length", strings.Repeat("a", 1024), "", 0},
		{"just-over-the-length", strings.Repeat("a", 1025), "bytes", 1025},
		{"punctuation-is-no-term", strings.Repeat("- ", 300), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLimited(tt.q, Limits{})
			var le *LimitError
			if tt.unit == "" {
				if err != nil {
					t.Fatalf("ParseLimited: %v, want no error", err)
				}
				return
			}
			if !errors.As(err, &le) {
				t.Fatalf("ParseLimited: %v, want a *LimitError", err)
			}
			if le.Unit != tt.unit || le.Got != tt.got {
				t.Errorf("error %+v, want %d %s", le, tt.got, tt.unit)
			}
			if max := map[string]int{"bytes": DefaultMaxBytes, "terms": DefaultMaxTerms}[tt.unit]; le.Max != max ||
				!strings.Contains(err.Error(), "limit of "+strconv.Itoa(max)+" "+tt.unit) {
				t.Errorf("error %q does not name the limit of %d %s", err, max, tt.unit)
			}
		})
	}
}

func TestParseLimitedOwnLimits(t *testing.T) {
	if _, err := ParseLimited("un deux trois", Limits{MaxTerms: 2}); err == nil {
		t.Error("three words within a limit of two terms")
	}
	if _, err := ParseLimited("un deux", Limits{MaxBytes: 6}); err == nil {
		t.Error("seven bytes within a limit of six")
	}
	if _, err := ParseLimited(`"un deux`, Limits{}); err == nil || errors.As(err, new(*LimitError)) {
		t.Errorf("an open quote: %v, want Parse's error", err)
	}
}
