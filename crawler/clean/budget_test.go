package clean

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func parseString(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// checkKeptDropped fails t for each of keep missing from out and each of
// drop still in it.
func checkKeptDropped(t *testing.T, out string, keep, drop []string) {
	t.Helper()
	for _, s := range keep {
		if !strings.Contains(out, s) {
			t.Errorf("lost %q", s)
		}
	}
	for _, s := range drop {
		if strings.Contains(out, s) {
			t.Errorf("kept %q", s)
		}
	}
}

// Every fixture page is within the budget: cutDown leaves it as it is.
func TestCutDownLeavesFixturesAlone(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(fixtureDir, tc.name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			doc := parseString(t, string(body))
			before := render(t, doc)
			if cutDown(doc) {
				t.Errorf("a %d-byte fixture was cut down (%+v)", len(body), measure(doc))
			}
			if render(t, doc) != before {
				t.Error("the tree changed")
			}
		})
	}
}

// repeatedPage is an article followed by n copies of a block.
func repeatedPage(n int, block string) string {
	var b strings.Builder
	b.WriteString(`<html><head><title>Lanterns</title></head><body><article><p>The first lantern on the quay was lit on Tuesday evening.</p></article><!-- note --><script>var x = 1;</script><ul class="comments">`)
	for i := range n {
		fmt.Fprintf(&b, block, i)
	}
	b.WriteString(`</ul><p>Closing line after the list.</p></body></html>`)
	return b.String()
}

func TestCutDown(t *testing.T) {
	tests := []struct {
		name       string
		page       string
		keep, drop []string // in the tree cut down, and not
	}{
		{
			name: "repeated-comments",
			page: repeatedPage(20000, `<li class="comment"><p>Reader %d agrees with the lantern plan.</p></li>`),
			keep: []string{"first lantern", "Reader 0 agrees", fmt.Sprintf("Reader %d agrees", keepRepeats-1), "Closing line"},
			drop: []string{fmt.Sprintf("Reader %d agrees", keepRepeats), "Reader 19999", "var x", "note"},
		},
		{
			name: "one-long-run-of-paragraphs",
			page: repeatedPage(20000, `<p>Paragraph %d of a very long account of the lanterns, repaired one evening at a time.</p>`),
			keep: []string{"first lantern", "Paragraph 0 of", "Paragraph 100 of"},
			drop: []string{"Paragraph 19999", "Closing line", "var x"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parseString(t, tt.page)
			if !cutDown(doc) {
				t.Fatalf("not cut down: %+v", measure(doc))
			}
			if s := measure(doc); !s.within() {
				t.Errorf("still over the budget: %+v", s)
			}
			out := render(t, doc)
			checkKeptDropped(t, out, tt.keep, tt.drop)
		})
	}
}

func TestWalkSkipsChildren(t *testing.T) {
	doc := parseString(t, `<div id="a"><p id="b"><b id="c"></b></p></div><div id="d"><i id="e"></i></div>`)
	var ids []string
	walk(doc, func(n *html.Node) bool {
		if id := attr(n, "id"); id != "" {
			ids = append(ids, id)
		}
		return attr(n, "id") != "b"
	})
	if got := strings.Join(ids, ","); got != "a,b,d,e" {
		t.Errorf("visited %s, want a,b,d,e", got)
	}
}
