package clean

import (
	"errors"
	"html"
	"io/fs"
	"os"
	"strings"
	"testing"
)

// seedPath is the shared sample of a vietnam.vn article as a reader sees it.
const seedPath = "../../../shared/seeds/vna-fr-article-sample.txt"

// TestSeedVietnamVN wraps the sample in a vietnam.vn page and checks that
// the body is every line of the sample but the closing "Comment (0)".
func TestSeedVietnamVN(t *testing.T) {
	data, err := os.ReadFile(seedPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip("../shared absent: " + seedPath + " not found")
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if last := lines[len(lines)-1]; last != "Comment (0)" {
		t.Fatalf("sample ends with %q, want Comment (0)", last)
	}
	want := strings.Join(lines[:len(lines)-1], "\n\n")
	a, err := builtinCleaner(t).Clean(Page{
		URL:         "https://www.vietnam.vn/fr/lavrov-et-wang-yi-discutent-a-moscou",
		ContentType: "text/html; charset=utf-8",
		Body:        []byte(seedPage(lines)),
	})
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	if a.Text != want {
		t.Errorf("Text:\n%s\nwant:\n%s", a.Text, want)
	}
	if a.Extractor != "rule:www.vietnam.vn/fr" {
		t.Errorf("Extractor = %q", a.Extractor)
	}
}

// seedPage lays out lines as vietnam.vn does: banner, title, lead, source
// name twice glued to a date, one <p> per line, then the trailer.
func seedPage(lines []string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta property="og:title" content="Entretien entre les chefs de la diplomatie russe et chinoise">
<meta property="og:description" content="VNA - Les deux ministres ont passé en revue les relations bilatérales.">
</head><body><main role="main"><div class="post-detail-container">
<div>Vietnam.vn - Nền tảng quảng bá Việt Nam</div>
<h1>Entretien entre les chefs de la diplomatie russe et chinoise</h1>
<div>VNA - Les deux ministres ont passé en revue les relations bilatérales.</div>
<div><span>Thông tấn xã Việt Nam</span><span>Thông tấn xã Việt Nam</span><span>02/04/2025</span></div>
`)
	for _, l := range lines {
		b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
	}
	b.WriteString(`<div>No data</div><h3>Same tag</h3><a href="/fr/x">Un titre</a>
<h3>Same category</h3><h3>Same author</h3><p>No videos available</p>
</div></main></body></html>`)
	return b.String()
}
