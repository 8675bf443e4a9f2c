package clean

import (
	"slices"
	"strings"
	"testing"
)

func TestCutRelated(t *testing.T) {
	para := func(topic string) string {
		return "The " + topic + " was the part of the tour that visitors remembered, " + strings.Repeat("and the guides spoke of it at length, ", 4) + "before the group moved on."
	}
	body := []string{para("tower"), para("crypt"), para("garden")}
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"box-at-the-end", append(slices.Clone(body), "Related Articles", "Five castles to see this spring", "The best towers in the north"), body},
		{"box-the-article-runs-around", append(slices.Clone(body), "Related Articles", para("chapel")), append(slices.Clone(body), para("chapel"))},
		{"box-then-a-short-line-then-prose", append(slices.Clone(body), "Read more", "Visiting hours", para("chapel")), append(slices.Clone(body), para("chapel"))},
		{"box-of-links-then-prose", append(slices.Clone(body), "Related Topics:", "castles", "towers", "moats", para("chapel")), append(slices.Clone(body), para("chapel"))},
		{"box-then-a-long-link-list", append(slices.Clone(body), "Related Topics:", "castles", "towers", "moats", "walls", "gates", "keeps", para("chapel")), body},
		{"a-button-label-repeated-is-no-heading", append(slices.Clone(body), "Read more", "Tower guides", "Read more", "Crypt guides"), append(slices.Clone(body), "Read more", "Tower guides", "Read more", "Crypt guides")},
		{"heading-in-the-first-half-kept", []string{"See also", body[0], body[1], body[2]}, []string{"See also", body[0], body[1], body[2]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cutRelated(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
				t.Errorf("cutRelated(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}
