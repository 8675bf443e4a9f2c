package main

import (
	"math"
	"testing"
)

func TestSquash(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"runs-become-one-space", "a  b\n\nc\td", "a b c d"},
		{"ends-trimmed", "  a b \n", "a b"},
		{"nbsp-is-space", "a\u00a0b", "a b"},
		{"empty", " \n ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := squash(tc.in); got != tc.want {
				t.Errorf("squash(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSnippetScore(t *testing.T) {
	p := page{
		With:    []string{"the council\nvoted", "a missing line"},
		Without: []string{"Subscribe now", "Related articles"},
	}
	var s snippetScore
	s.add(p, "In June the council  voted the budget.\n\nSubscribe now")
	if s != (snippetScore{tp: 1, fp: 1, fn: 1, tn: 1}) {
		t.Fatalf("counts %+v, want tp 1, fp 1, fn 1, tn 1", s)
	}
	s.add(p, "") // a failed page finds nothing
	if want := 2.0 / (2 + 1 + 3); math.Abs(s.f1()-want) > 1e-12 {
		t.Errorf("f1 = %v, want %v", s.f1(), want)
	}
	if s.precision() != 0.5 || s.recall() != 0.25 {
		t.Errorf("precision %v recall %v, want 0.5 and 0.25", s.precision(), s.recall())
	}
	if (snippetScore{}).f1() != 0 {
		t.Error("an empty score has an F1")
	}
}
