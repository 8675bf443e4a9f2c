package clean

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestTrimCredits(t *testing.T) {
	body := []string{"The council met on Monday.", "It voted the budget, 31/03/2025 being the deadline."}
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"paper-and-date-above", append([]string{"Báo Tin tức 31/03/2025"}, body...), body},
		{"weekday-date-time-above", append([]string{"Thứ Hai, 31/03/2025 10:15"}, body...), body},
		{"agency-below", append(slices.Clone(body), "Theo TTXVN"), body},
		{"source-word-below", append(slices.Clone(body), "Source"), body},
		{"source-with-name-below", append(slices.Clone(body), "Source: City Hall press office"), body},
		{"german-quelle-below", append(slices.Clone(body), "Quelle: dpa"), body},
		{"two-credits-below", append(slices.Clone(body), "Theo TTXVN", "Source"), body},
		{"credit-in-the-middle-kept", []string{body[0], "Source", body[1]}, []string{body[0], "Source", body[1]}},
		{"sentence-starting-with-theo-kept", append(slices.Clone(body), "Theo báo cáo của sở, số khách đã tăng gấp đôi trong năm qua."),
			append(slices.Clone(body), "Theo báo cáo của sở, số khách đã tăng gấp đôi trong năm qua.")},
		{"sentence-with-date-kept", body, body},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := trimCredits(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
				t.Errorf("trimCredits(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCleanDropsCreditLines cleans a page of a site without rules whose
// body has a source-and-date line above it and source lines below it.
func TestCleanDropsCreditLines(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(fixtureDir, "generic-vi-credits.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := builtinCleaner(t).Clean(Page{URL: "https://tintuc-mau.example/xa-hoi/xe-buyt-dien-ven-ho", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.Extractor, extractorGeneric) {
		t.Fatalf("extractor %q, want the generic one (the fixture's host has no rule)", a.Extractor)
	}
	if !strings.Contains(a.Text, "ba tuyến xe buýt điện mới") || !strings.Contains(a.Text, "điều chỉnh lộ trình") {
		t.Errorf("the body lost its first or last paragraph:\n%s", a.Text)
	}
	for _, line := range strings.Split(a.Text, "\n") {
		switch strings.TrimSpace(line) {
		case "Báo Tin tức 31/03/2025", "Theo TTXVN", "Source":
			t.Errorf("credit line %q kept:\n%s", line, a.Text)
		}
	}
}
