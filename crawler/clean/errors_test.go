package clean

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestNewRuleErrors(t *testing.T) {
	ok := Rule{Host: "a.example"}
	tests := []struct {
		name  string
		rules []Rule
		index int
		field string
	}{
		{"bad-selector", []Rule{ok, {Host: "b.example", Body: "div[["}}, 1, "body"},
		{"bad-remove-selector", []Rule{{Host: "b.example", Remove: []string{".ok", "p:nope(1)"}}}, 0, "remove"},
		{"bad-regexp", []Rule{ok, ok2("c.example"), {Host: "d.example", DropLines: []string{"(unclosed"}}}, 2, "drop_lines"},
		{"bad-end-after", []Rule{{Host: "b.example", EndAfter: []string{"[z-a]"}}}, 0, "end_after"},
		{"bad-timezone", []Rule{{Host: "b.example", Timezone: "Mars/Olympus"}}, 0, "timezone"},
		{"bad-offset", []Rule{{Host: "b.example", Timezone: "+7"}}, 0, "timezone"},
		{"empty-host", []Rule{ok, {Body: "main"}}, 1, "host"},
		{"host-with-scheme", []Rule{{Host: "https://b.example"}}, 0, "host"},
		{"relative-path-prefix", []Rule{{Host: "b.example", PathPrefix: "fr"}}, 0, "path_prefix"},
		{"empty-cut-at", []Rule{{Host: "b.example", CutAt: []string{" "}}}, 0, "cut_at"},
		{"duplicate-host", []Rule{ok, {Host: "A.example"}}, 1, "host"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.rules)
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("New error = %v, want *RuleError", err)
			}
			if re.Index != tc.index || re.Field != tc.field {
				t.Errorf("got sites[%d].%s, want sites[%d].%s", re.Index, re.Field, tc.index, tc.field)
			}
			prefix := "sites[" + strconv.Itoa(tc.index) + "]." + tc.field + ": "
			if !strings.HasPrefix(err.Error(), prefix) || re.Unwrap() == nil {
				t.Errorf("Error() = %q, want prefix %q and a wrapped cause", err, prefix)
			}
		})
	}
}

func ok2(host string) Rule { return Rule{Host: host, PathPrefix: "/fr", Timezone: "+07:00"} }

func TestCleanErrors(t *testing.T) {
	c := builtinCleaner(t)
	tests := []struct {
		name        string
		contentType string
		body        string
		want        error
	}{
		{"pdf-served-as-html", "text/html; charset=utf-8", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", ErrNotHTML},
		{"png-without-header", "", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotHTML},
		{"pdf-header", "application/pdf", "<html><body><p>tout de même</p></body></html>", ErrNotHTML},
		{"empty-body", "text/html", "", ErrNoText},
		{"empty-page", "text/html", "<html><head><title>Titre</title></head><body></body></html>", ErrNoText},
		{"only-comments", "text/html", "<html><body><p>Comment (0)</p><p>No data</p></body></html>", ErrNoText},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := c.Clean(Page{URL: "https://site.example/a", ContentType: tc.contentType, Body: []byte(tc.body)})
			if !errors.Is(err, tc.want) {
				t.Fatalf("Clean error = %v, want %v", err, tc.want)
			}
			if a != nil {
				t.Errorf("Clean returned an article with an error")
			}
		})
	}
}
