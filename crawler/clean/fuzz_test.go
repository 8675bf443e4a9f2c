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
// UTF-8 everywhere, no soft hyphen, and no known boilerplate line in the
// text: no "Comment (N)" anywhere, none of a rule's cut_at lines (Voir
// plus, No data, Same tag, ...) on its pages, none of boilerplateLines on
// generic pages.
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
	f.Add("https://fr.vietnamplus.vn/a-post1.vnp", "text/html", []byte(`<div class="article__body"><p>Hanoï (VNA) - Un texte.</p><p>Voir plus</p><p>Un titre</p></div>`))
	f.Add("https://www.vietnam.vn/fr/a", "", []byte("<main role=main><p>Un texte assez long pour un article.</p><p>No data</p><h3>Same tag</h3></main>"))
	f.Add("https://site.example/a", "text/html; charset=iso-8859-1", []byte("<article><p>L’été à Hanoï, un texte.</p><p>Related: autre chose</p><p>Voir aussi</p></article>"))
	rules := builtinRules(f)
	c := builtinCleaner(f)
	f.Fuzz(func(t *testing.T, url, contentType string, body []byte) {
		a, err := c.Clean(Page{URL: url, ContentType: contentType, Body: body})
		if err != nil {
			return
		}
		checkInvariants(t, a)
		checkNoBoilerplate(t, a, rules)
	})
}

// checkNoBoilerplate fails when a known boilerplate line survives.
func checkNoBoilerplate(t *testing.T, a *Article, rules []Rule) {
	t.Helper()
	cutAt := ruleCutAt(a.Extractor, rules)
	for _, l := range strings.Split(a.Text, "\n\n") {
		if commentCounter.MatchString(l) {
			t.Fatalf("comment counter line %q survived", l)
		}
		if a.Extractor == extractorGeneric && boilerplateLine(l) {
			t.Fatalf("boilerplate line %q survived on a generic page", l)
		}
		for _, p := range cutAt {
			if hasWordPrefix(l, normalizeLine(p)) {
				t.Fatalf("cut_at line %q survived on %s", l, a.Extractor)
			}
		}
	}
}

// ruleCutAt returns the cut_at lines of the rule an extractor name
// ("rule:<host><path_prefix>[:generic-fallback]") designates.
func ruleCutAt(extractor string, rules []Rule) []string {
	name, ok := strings.CutPrefix(extractor, "rule:")
	if !ok {
		return nil
	}
	name, _, _ = strings.Cut(name, ":")
	for _, r := range rules {
		if strings.ToLower(r.Host)+strings.TrimRight(r.PathPrefix, "/") == name {
			return r.CutAt
		}
	}
	return nil
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
