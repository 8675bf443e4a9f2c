package clean

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// commentLine is the boilerplate line that must never survive.
var commentLine = regexp.MustCompile(`^Comment \([0-9]+\)`)

// FuzzClean checks the cleaner's invariants on any input: no panic, valid
// UTF-8 everywhere, no "Comment (N)" line and no soft hyphen in the text.
func FuzzClean(f *testing.F) {
	for _, tc := range goldenCases {
		body, err := os.ReadFile(filepath.Join(fixtureDir, tc.name+".html"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tc.url, tc.contentType, body)
	}
	f.Add("https://www.vietnam.vn/fr/x", "text/html", []byte("<p>a\u00adb</p><p>Comment (3)</p>"))
	f.Add("", "", []byte("%PDF-1.4"))
	c := builtinCleaner(f)
	f.Fuzz(func(t *testing.T, url, contentType string, body []byte) {
		a, err := c.Clean(Page{URL: url, ContentType: contentType, Body: body})
		if err != nil {
			return
		}
		checkInvariants(t, a)
	})
}

func checkInvariants(t *testing.T, a *Article) {
	t.Helper()
	fields := []string{a.Title, a.Lead, a.Author, a.Section, a.Text, a.Language, a.CanonicalURL}
	fields = append(fields, a.Tags...)
	for _, im := range a.Images {
		fields = append(fields, im.URL, im.Caption, im.Credit)
	}
	for _, s := range fields {
		if !utf8.ValidString(s) || strings.ContainsRune(s, '\u00ad') {
			t.Fatalf("invalid UTF-8 or soft hyphen in %q", s)
		}
	}
	if a.Text == "" || strings.Contains(a.Text, "\n\n\n") {
		t.Fatalf("bad paragraph separation in %q", a.Text)
	}
	for _, l := range strings.Split(a.Text, "\n\n") {
		if commentLine.MatchString(l) || l != strings.TrimSpace(l) || strings.Contains(l, "\n") {
			t.Fatalf("bad line %q", l)
		}
	}
}

// TestCleanConcurrent runs the fixtures in parallel on one Cleaner, for
// the race detector.
func TestCleanConcurrent(t *testing.T) {
	c := builtinCleaner(t)
	var wg sync.WaitGroup
	for _, tc := range goldenCases {
		body, err := os.ReadFile(filepath.Join(fixtureDir, tc.name+".html"))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			wg.Go(func() {
				if _, err := c.Clean(Page{URL: tc.url, ContentType: tc.contentType, Body: body}); err != nil {
					t.Errorf("%s: %v", tc.name, err)
				}
			})
		}
	}
	wg.Wait()
}
