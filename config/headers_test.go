package config

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// subscriberYAML is a config with headers on a feed, on a built-in site
// (headers only) and on a site of its own; secrets come from ${NAME}.
const subscriberYAML = `
feeds:
  - name: gazette
    url: https://gazette.example/feed.xml
    headers:
      user-agent: GazetteReader/3
      Authorization: Bearer ${DEPECHE_TEST_TOKEN}
sites:
  - host: fr.vietnamplus.vn
    headers:
      Cookie: ${DEPECHE_TEST_COOKIE}
      Accept-Language: fr
  - host: gazette.example
    body: .story
    headers:
      Cookie: reader=${DEPECHE_TEST_COOKIE}
`

func loadSubscriber(t *testing.T, cookie string) *Config {
	t.Helper()
	t.Setenv("DEPECHE_TEST_TOKEN", "tok-1234")
	t.Setenv("DEPECHE_TEST_COOKIE", cookie)
	c, err := Load(writeFile(t, subscriberYAML))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// site returns the entry for host and no path prefix.
func site(t *testing.T, c *Config, host string) Site {
	t.Helper()
	for _, s := range c.Sites {
		if s.Host == host && s.PathPrefix == "" {
			return s
		}
	}
	t.Fatalf("no sites entry for %s", host)
	return Site{}
}

func TestHeadersDecodeAndExpand(t *testing.T) {
	c := loadSubscriber(t, "session=abc")
	want := http.Header{"User-Agent": {"GazetteReader/3"}, "Authorization": {"Bearer tok-1234"}}
	if got := c.Feeds[0].Headers.HTTP(); !reflect.DeepEqual(got, want) {
		t.Errorf("feed headers %v, want %v", got, want)
	}
	if got := site(t, c, "gazette.example").Headers["Cookie"]; got != "reader=session=abc" {
		t.Errorf("site cookie %q, want the expanded ${DEPECHE_TEST_COOKIE}", got)
	}
	if (Headers{}).HTTP() != nil {
		t.Error("empty headers should give a nil http.Header")
	}
}

func TestHeadersOnlySiteKeepsTheBuiltInRule(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c := loadSubscriber(t, "session=abc")
	vnp := site(t, c, "fr.vietnamplus.vn")
	if vnp.Body == "" || vnp.Body != site(t, def, "fr.vietnamplus.vn").Body {
		t.Errorf("body selector %q: a headers-only entry should keep the built-in rule", vnp.Body)
	}
	if vnp.Headers["Cookie"] != "session=abc" {
		t.Errorf("headers %v: the built-in rule should get the entry's headers", vnp.Headers)
	}
	wantRules := append(def.Rules(), clean.Rule{Host: "gazette.example", Body: ".story"})
	if !reflect.DeepEqual(c.Rules(), wantRules) {
		t.Errorf("Rules() = %+v\nwant the built-in rules and gazette.example's", c.Rules())
	}
}

// TestHeadersLeaveTheFingerprint: headers never reach the cleaner, so a
// renewed cookie does not mark the archive for re-cleaning.
func TestHeadersLeaveTheFingerprint(t *testing.T) {
	fingerprint := func(c *Config) string {
		t.Helper()
		cl, err := clean.New(c.Rules())
		if err != nil {
			t.Fatal(err)
		}
		return cl.Fingerprint()
	}
	one, other := fingerprint(loadSubscriber(t, "session=one")), fingerprint(loadSubscriber(t, "session=two"))
	if one != other {
		t.Errorf("fingerprint %s became %s when only a cookie changed", one, other)
	}
	bare, err := Load(writeFile(t, "sites:\n  - host: gazette.example\n    body: .story\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := fingerprint(bare); got != one {
		t.Errorf("fingerprint %s without headers, %s with: headers must not count", got, one)
	}
}

func TestRedactedMasksEveryHeader(t *testing.T) {
	c := loadSubscriber(t, "session=abc")
	c.Token = "listener-secret"
	out, err := c.Redacted().Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"tok-1234", "session=abc", "GazetteReader", "listener-secret", ": fr\n"} {
		if strings.Contains(string(out), secret) {
			t.Errorf("printed config shows %q:\n%s", secret, out)
		}
	}
	if n := strings.Count(string(out), Masked); n != 5 {
		t.Errorf("%d masked values, want 5 (every header):\n%s", n, out)
	}
	if c.Feeds[0].Headers["Authorization"] != "Bearer tok-1234" || c.Token != "listener-secret" {
		t.Error("Redacted changed the config it copied")
	}
}

func TestHeaderErrors(t *testing.T) {
	feed := "feeds:\n  - name: a\n    url: https://a.example/rss\n    headers:\n"
	tests := []loadErrorCase{
		{"name-with-space", feed + "      \"X Token\": v\n", 5, "feeds[0].headers.X Token", "not a header name"},
		{"host", feed + "      Host: b.example\n", 5, "feeds[0].headers.Host", "cannot be configured"},
		{"hop-by-hop", feed + "      Connection: close\n", 5, "feeds[0].headers.Connection", "cannot be configured"},
		{"line-break", feed + "      Cookie: \"a=1\\r\\nX-Evil: 1\"\n", 5, "feeds[0].headers.Cookie", "line break"},
		{"unset-env", feed + "      Cookie: ${DEPECHE_TEST_UNSET}\n", 5, "feeds[0].headers.Cookie", "empty value"},
		{"same-name-twice", feed + "      cookie: a=1\n      Cookie: a=2\n", 5, "feeds[0].headers.cookie", "same header as Cookie"},
		{"site", "sites:\n  - host: b.example\n    headers:\n      Content-Length: \"3\"\n", 4, "sites[0].headers.Content-Length", "cannot be configured"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := wantLoadError(t, tt); strings.Contains(err.Error(), "a=1") {
				t.Errorf("message %q quotes a header value", err)
			}
		})
	}
}
