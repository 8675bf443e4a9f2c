package fetch

import (
	"net/http"
	"net/url"
	"testing"
)

func TestSiteHeadersMatchLikeRules(t *testing.T) {
	table := newSiteHeaders([]SiteHeaders{
		{Host: "paper.example", Header: http.Header{"Cookie": {"host"}}},
		{Host: "paper.example", PathPrefix: "/fr", Header: http.Header{"Cookie": {"fr"}}},
	})
	tests := []struct{ name, url, want string }{
		{"host-wide", "https://paper.example/en/a.html", "host"},
		{"longest-prefix", "https://paper.example/fr/a.html", "fr"},
		{"prefix-itself", "https://paper.example/fr", "fr"},
		{"prefix-is-a-path-segment", "https://paper.example/fresh/a.html", "host"},
		{"host-case", "https://PAPER.example/fr/a.html", "fr"},
		{"other-host", "https://sub.paper.example/fr/a.html", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := table.match(u).Get("Cookie"); got != tt.want {
				t.Errorf("match(%s) cookie %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}
