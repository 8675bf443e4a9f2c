package clean

import (
	"strings"
	"testing"
)

func TestShrinkMarkup(t *testing.T) {
	pad := strings.Repeat(`<div class="pad"><a href="/x">teaser link</a></div>`, maxPage/40)
	tests := []struct {
		name       string
		page       string
		keep, drop []string
	}{
		{
			name: "small-page-untouched",
			page: `<p>kept</p><script>var a;</script><!-- c -->`,
			keep: []string{"<p>kept</p>", "var a;", "<!-- c -->"},
		},
		{
			name: "inert-content-dropped",
			page: `<html><head><script type="application/ld+json">{"headline":"Lanterns"}</script><style>p{color:red}</style></head><body>` +
				`<p>Body line one.</p><!-- a comment --><script>var big = "</div>";</script><svg><path d="M0"/><svg><g/></svg><text>svg text</text></svg>` +
				`<noscript><img src=x></noscript><template><p>template text</p></template><p>Body line two.</p>` + pad,
			keep: []string{`{"headline":"Lanterns"}`, "Body line one.", "Body line two."},
			drop: []string{"color:red", "a comment", "var big", "svg text", "template text", "<img"},
		},
		{
			name: "unclosed-svg-ends-at-a-block",
			page: `<body><svg><path d="M0"/><p>Paragraph after an unclosed svg.</p>` + pad,
			keep: []string{"Paragraph after an unclosed svg."},
			drop: []string{"<path"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(shrinkMarkup([]byte(tt.page)))
			if len(out) > maxMarkup+1024 {
				t.Errorf("%d bytes out, want about %d", len(out), maxMarkup)
			}
			checkKeptDropped(t, out, tt.keep, tt.drop)
		})
	}
}

// A page ten times the markup budget is cleaned, not refused, and its
// article survives the cuts.
func TestCleanHugePage(t *testing.T) {
	if testing.Short() {
		t.Skip("cleans a 10 MB page")
	}
	c := builtinCleaner(t)
	a, err := c.Clean(Page{URL: "https://quay-gazette.example/city/lanterns", ContentType: "text/html; charset=utf-8", Body: bigPage(10 << 20)})
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	for _, s := range []string{"Paragraph 1 of the story", "Paragraph 12 of the story"} {
		if !strings.Contains(a.Text, s) {
			t.Errorf("text lost %q:\n%.500s", s, a.Text)
		}
	}
	if a.Title != "Harbour lanterns return to the old quay" {
		t.Errorf("title %q", a.Title)
	}
}
