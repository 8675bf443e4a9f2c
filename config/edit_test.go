package config

import (
	"reflect"
	"strings"
	"testing"
)

// TestAddFeeds checks that adding feeds keeps the document: comments and
// order always, every byte when the feeds list is a block list or absent.
func TestAddFeeds(t *testing.T) {
	add := []Feed{
		{Name: "lwn", URL: "https://lwn.net/headlines/rss", Group: "Tech"},
		{Name: "nhk", URL: "https://www3.nhk.or.jp/rss/news/cat0.xml"},
	}
	const entries = "  - name: lwn\n    url: https://lwn.net/headlines/rss\n    group: Tech\n" +
		"  - name: nhk\n    url: https://www3.nhk.or.jp/rss/news/cat0.xml\n"
	tests := []struct {
		name, in string
		want     string   // the whole output, when it is known to the byte
		keep     []string // else, text the output must keep
	}{
		{
			name: "block-list-in-the-middle",
			in: "# my archive\narchive: ./a.db # here\n\nfeeds:\n  # the first\n  - name: vna-fr\n" +
				"    url: https://fr.vietnamplus.vn/rss/home.rss # home\n\n# site rules\nsites: []\n",
			want: "# my archive\narchive: ./a.db # here\n\nfeeds:\n  # the first\n  - name: vna-fr\n" +
				"    url: https://fr.vietnamplus.vn/rss/home.rss # home\n" + entries + "\n# site rules\nsites: []\n",
		},
		{
			name: "block-list-last-without-final-newline",
			in:   "feeds:\n- name: vna-fr\n  url: https://fr.vietnamplus.vn/rss/home.rss",
			want: "feeds:\n- name: vna-fr\n  url: https://fr.vietnamplus.vn/rss/home.rss\n" + strings.ReplaceAll(entries, "\n  ", "\n")[2:],
		},
		{
			name: "no-feeds-key",
			in:   "# only settings\narchive: ./a.db\n",
			want: "# only settings\narchive: ./a.db\nfeeds:\n" + entries,
		},
		{
			name: "empty-flow-list",
			in:   "# settings\narchive: ./a.db # the file\nfeeds: [] # none yet\n# end\n",
			keep: []string{"# settings\n", "archive: ./a.db # the file\n", "# none yet", "# end\n", "- name: lwn\n", "group: Tech\n"},
		},
		{
			name: "null-feeds",
			in:   "archive: ./a.db\nfeeds:\n# a comment after\n",
			keep: []string{"archive: ./a.db\n", "# a comment after", "- name: nhk\n"},
		},
		{
			name: "last-feed-has-a-block-scalar",
			in:   "feeds:\n  - name: vna-fr\n    url: >-\n      https://fr.vietnamplus.vn/rss/home.rss\n# after\n",
			keep: []string{"# after", "- name: lwn", "- name: vna-fr"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := AddFeeds("depeche.yaml", []byte(tt.in), add)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && string(out) != tt.want {
				t.Errorf("AddFeeds:\n%s\nwant:\n%s", out, tt.want)
			}
			for _, k := range tt.keep {
				if !strings.Contains(string(out), k) {
					t.Errorf("AddFeeds lost %q:\n%s", k, out)
				}
			}
			c, err := parse("out.yaml", out)
			if err != nil {
				t.Fatalf("the result does not load: %v\n%s", err, out)
			}
			if n := len(c.Feeds); n < 2 || !reflect.DeepEqual(c.Feeds[n-2:], add) {
				t.Errorf("feeds %+v do not end with the added ones", c.Feeds)
			}
		})
	}
}

// TestAddFeedsRefusesInvalidResult: a name already in the file makes the
// result invalid, and nothing is returned but the error.
func TestAddFeedsRefusesInvalidResult(t *testing.T) {
	in := "feeds:\n  - name: lwn\n    url: https://lwn.net/headlines/rss\n"
	out, err := AddFeeds("depeche.yaml", []byte(in), []Feed{{Name: "lwn", URL: "https://lwn.net/other"}})
	if err == nil || !strings.Contains(err.Error(), `"lwn" is already the name`) || out != nil {
		t.Errorf("AddFeeds = %q, %v; want the duplicate name refused", out, err)
	}
}
