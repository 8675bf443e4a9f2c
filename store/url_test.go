package store

import "testing"

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"already-normal", "https://example.com/a/b?x=1", "https://example.com/a/b?x=1"},
		{"lower-case-scheme-and-host", "HTTPS://Example.COM/Path/Case", "https://example.com/Path/Case"},
		{"empty-path-becomes-slash", "https://example.com", "https://example.com/"},
		{"drop-http-default-port", "http://example.com:80/a", "http://example.com/a"},
		{"drop-https-default-port", "https://example.com:443/a", "https://example.com/a"},
		{"keep-other-port", "https://example.com:8443/a", "https://example.com:8443/a"},
		{"keep-443-on-http", "http://example.com:443/a", "http://example.com:443/a"},
		{"drop-empty-port", "https://example.com:/a", "https://example.com/a"},
		{"ipv6-default-port", "http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a"},
		{"ipv6-other-port", "http://[2001:db8::1]:8080/a", "http://[2001:db8::1]:8080/a"},
		{"drop-fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"drop-utm", "https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7"},
		{"drop-utm-any-case", "https://example.com/a?UTM_Campaign=x&id=7", "https://example.com/a?id=7"},
		{"drop-click-ids", "https://example.com/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&msclkid=6&yclid=7", "https://example.com/a"},
		{"drop-mail-and-social", "https://example.com/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=twsrc", "https://example.com/a"},
		{"drop-empty-query", "https://example.com/a?", "https://example.com/a"},
		{"drop-empty-params", "https://example.com/a?&&b=2&", "https://example.com/a?b=2"},
		{"sort-params", "https://example.com/a?z=1&a=2&m=3", "https://example.com/a?a=2&m=3&z=1"},
		{"sort-is-stable", "https://example.com/a?b=2&a=x&b=1&a=y", "https://example.com/a?a=x&a=y&b=2&b=1"},
		{"keep-param-without-value", "https://example.com/a?print&id=3", "https://example.com/a?id=3&print"},
		{"keep-path-escaping", "https://example.com/caf%C3%A9/a%2Fb", "https://example.com/caf%C3%A9/a%2Fb"},
		{"trim-space", "  https://example.com/a \n", "https://example.com/a"},
		{"keep-trailing-slash", "https://example.com/a/", "https://example.com/a/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := normalizeURL(tt.in)
			if err != nil {
				t.Fatalf("normalizeURL(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("normalizeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeURLRejects(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"relative-path", "/a/b"},
		{"scheme-relative", "//example.com/a"},
		{"ftp", "ftp://example.com/a"},
		{"mailto", "mailto:someone@example.com"},
		{"no-host", "https:///a"},
		{"bad-escape", "https://example.com/%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := normalizeURL(tt.in); err == nil {
				t.Errorf("normalizeURL(%q) = %q, want an error", tt.in, got)
			}
		})
	}
}
