package clean

import (
	"slices"
	"strings"
	"testing"
)

func TestTrimHead(t *testing.T) {
	const title = "How the Old Mill Got Its Wheel Back | Valley Weekly"
	prose := "The wheel had not turned for forty years when a group of retired carpenters offered to rebuild it from oak felled on the hill above the village."
	more := "They worked through two winters, and the first flour came out in May."
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"title-again", []string{"How the Old Mill Got Its Wheel Back", prose, more}, []string{prose, more}},
		{"whole-title-again", []string{"How the old mill got its wheel back | Valley Weekly", prose}, []string{prose}},
		{"date-stamp", []string{"Updated: March 3, 2024", prose}, []string{prose}},
		{"date-and-reading-time", []string{"Jun 08, 2023 • 11 Minute Read", prose}, []string{prose}},
		{"reading-time-alone", []string{"4 min read", prose}, []string{prose}},
		{"german-stamp", []string{"Stand: 12. März 2024, 14:05 Uhr", prose}, []string{prose}},
		{"byline", []string{"Written by Ada Fernsby", prose}, []string{prose}},
		{"contents-heading", []string{"Table of Contents", "The wheel", "The flour", prose}, []string{"The wheel", "The flour", prose}},
		{"contents-heading-after-the-intro", []string{prose, "In this article:", more}, []string{prose, more}},
		{"date-after-prose-kept", []string{prose, "May 2, 1984", more}, []string{prose, "May 2, 1984", more}},
		{"subheading-kept", []string{"The Wheel", prose}, []string{"The Wheel", prose}},
		{"short-title-word-kept", []string{"How", prose}, []string{"How", prose}},
		{"heading-with-a-year-kept", []string{"Mills we lost in 1990", prose}, []string{"Mills we lost in 1990", prose}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := trimHead(slices.Clone(tc.in), title); !slices.Equal(got, tc.want) {
				t.Errorf("trimHead(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCleanDropsHead cleans a page without rules whose article opens with
// its title, a byline, a stamp and a table of contents.
func TestCleanDropsHead(t *testing.T) {
	para := `<p>The ferry to the lighthouse island runs twice a day in summer, and the crossing takes forty minutes when the sea is calm and the wind comes from the west.</p>`
	page := `<html><head><title>A Day on Lighthouse Island - Coast Notes</title></head><body>
<nav><a href="/">Home</a></nav><article>
<h1>A Day on Lighthouse Island</h1><p>Written by Mira Castell</p><p>Last updated on September 16th, 2023 at 09:27 am</p>
<p>Table of Contents</p>` + strings.Repeat(para, 8) + `</article></body></html>`
	a, err := builtinCleaner(t).Clean(Page{URL: "https://coast-notes.example/lighthouse-day", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Text, "The ferry to the lighthouse island") {
		t.Errorf("the body does not open with its first paragraph:\n%s", a.Text)
	}
	for _, l := range []string{"A Day on Lighthouse Island", "Written by", "Last updated", "Table of Contents"} {
		if strings.Contains(a.Text, l) {
			t.Errorf("%q kept:\n%s", l, a.Text)
		}
	}
}
