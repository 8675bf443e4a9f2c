package main

import (
	"math"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"punctuation-dropped", "Hello, world! It's 3:30.", "Hello|world|It|s|3|30"},
		{"unicode-letters-and-underscore", "l’été à Hanoï snake_case ½", "l|été|à|Hanoï|snake_case|½"},
		{"cjk-run-is-one-word", "東京 駅で", "東京|駅で"},
		{"combining-mark-splits", "e\u0301te", "e|te"},
		{"empty", " ,. ", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(words(tc.in), "|"); got != tc.want {
				t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name, truth, pred string
		p, r              float64
		inP, inR          bool // counted in the corpus precision / recall
	}{
		{"identical", "one two three four five", "one two three four five", 1, 1, true, true},
		{"both-empty", "", "", 1, 1, false, false},
		{"empty-prediction", "one two three four five", "", 0, 0, false, true},
		{"empty-truth", "", "one two three four", 0, 0, true, false},
		{"short-texts-one-shingle", "one two", "one two", 1, 1, true, true},
		{"short-texts-differ", "one two", "one three", 0, 0, true, true},
		// truth shingles: 1234 2345; pred: 1234 2345 3456 -> tp 2, fp 1
		{"extra-word", "one two three four five", "one two three four five six", 2.0 / 3, 1, true, true},
		{"case-sensitive", "One two three four", "one two three four", 0, 0, true, true},
		// repeated shingles count as a multiset: truth has abcd twice
		{"multiset", "a b c d a b c d", "a b c d", 1, 1.0 / 5, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := compare(tc.truth, tc.pred)
			if !near(c.precision(), tc.p) || !near(c.recall(), tc.r) {
				t.Errorf("P, R = %.4f, %.4f; want %.4f, %.4f (%+v)", c.precision(), c.recall(), tc.p, tc.r, c)
			}
			if inP, inR := c.tp+c.fp > 0, c.tp+c.fn > 0; inP != tc.inP || inR != tc.inR {
				t.Errorf("counted in P, R = %v, %v; want %v, %v", inP, inR, tc.inP, tc.inR)
			}
		})
	}
}

func TestScore(t *testing.T) {
	pages := []counts{
		compare("a b c d e", "a b c d e"), // P 1, R 1
		compare("a b c d e", ""),          // left out of P, R 0
		compare("a b c d e", "a b c d e f"),
	}
	q := score(pages)
	wantP, wantR := (1+2.0/3)/2, (1+0+1)/3.0
	if !near(q.Precision, wantP) || !near(q.Recall, wantR) || q.Empty != 1 {
		t.Fatalf("score = %+v, want P %.4f R %.4f and one empty page", q, wantP, wantR)
	}
	if !near(q.F1, 2*wantP*wantR/(wantP+wantR)) {
		t.Errorf("F1 = %.4f, not the harmonic mean of the mean P and R", q.F1)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
