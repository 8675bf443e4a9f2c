package config

import (
	"reflect"
	"strings"
	"testing"
)

// userInfoVariants are the user information a URL may carry, and the
// text of each that must never be printed.
var userInfoVariants = []struct {
	name, userInfo string
	hidden         []string
}{
	{"user-and-password", "alice:s3cret", []string{"alice", "s3cret"}},
	{"user-only", "t0ken-xyz", []string{"t0ken-xyz"}},
	{"password-with-specials", "alice:p@ss!$&'()*+,;=w", []string{"alice", "p@ss", "ss!$&"}},
	{"percent-encoded", "al%40ice:p%2Fw%3Ad", []string{"al%40ice", "p%2Fw", "alice", "p/w"}},
}

// secretsYAML holds userInfo in every URL-valued key.
func secretsYAML(userInfo string) string {
	return strings.NewReplacer("UI", userInfo).Replace(`
proxy: "http://UI@proxy.example:3128"
feeds:
  - name: gazette
    url: "https://UI@gazette.example/feed.xml"
    backfill:
      page_template: "https://UI@gazette.example/feed.xml?page={n}"
      sitemaps:
        - "https://UI@gazette.example/sitemap.xml"
      monthly_sitemap: "https://UI@gazette.example/{yyyy}/{mm}.xml"
cluster:
  nats:
    - "nats://UI@nats-1.example:4222"
    - "tls://UI@nats-2.example:4222"
`)
}

func TestRedactedMasksUserInfoInEveryURL(t *testing.T) {
	for _, v := range userInfoVariants {
		t.Run(v.name, func(t *testing.T) {
			c, err := Load(writeFile(t, secretsYAML(v.userInfo)))
			if err != nil {
				t.Fatal(err)
			}
			before, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			out, err := c.Redacted().Marshal()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range v.hidden {
				if strings.Contains(string(out), s) {
					t.Errorf("printed config shows %q:\n%s", s, out)
				}
			}
			for _, want := range []string{
				"proxy: http://***@proxy.example:3128", "url: https://***@gazette.example/feed.xml",
				"https://***@gazette.example/feed.xml?page={n}", "- https://***@gazette.example/sitemap.xml",
				"https://***@gazette.example/{yyyy}/{mm}.xml", "- nats://***@nats-1.example:4222", "- tls://***@nats-2.example:4222",
			} {
				if !strings.Contains(string(out), want) {
					t.Errorf("printed config lacks %q:\n%s", want, out)
				}
			}
			after, err := c.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(before, after) {
				t.Error("Redacted changed the config it copied")
			}
		})
	}
}

// TestURLErrorsDoNotShowUserInfo: a URL refused by validation is named
// without its user information, and a value that is no URL at all but
// may hold a password is not quoted.
func TestURLErrorsDoNotShowUserInfo(t *testing.T) {
	tests := []struct {
		name, yaml, key, want string
		hidden                []string
	}{
		{"feed-not-http", "feeds:\n  - name: a\n    url: ftp://alice:s3cret@a.example/rss\n", "feeds[0].url", `"ftp://***@a.example/rss" is not an absolute`, []string{"alice", "s3cret"}},
		{"feed-slash-in-password", "feeds:\n  - name: a\n    url: https://alice:s3/cret@a.example/rss\n", "feeds[0].url", "percent-encode", []string{"alice", "s3", "cret"}},
		{"feed-no-scheme", "feeds:\n  - name: a\n    url: alice:s3cret@a.example/rss\n", "feeds[0].url", "not shown", []string{"alice", "s3cret"}},
		{"proxy-not-http", "proxy: socks://alice:s3cret@p.example:1080\n", "proxy", `"socks://***@p.example:1080"`, []string{"alice", "s3cret"}},
		{"sitemap", "feeds:\n  - name: a\n    url: https://a.example/rss\n    backfill:\n      sitemaps: [ftp://alice:s3cret@a.example/s.xml]\n", "feeds[0].backfill.sitemaps[0]", "***@", []string{"alice", "s3cret"}},
		{"page-template", "feeds:\n  - name: a\n    url: https://a.example/rss\n    backfill:\n      page_template: https://alice:s3cret@a.example/rss\n", "feeds[0].backfill.page_template", "***@", []string{"alice", "s3cret"}},
		{"nats", "cluster:\n  nats: [http://alice:s3cret@n.example:4222]\n", "cluster.nats[0]", "***@", []string{"alice", "s3cret"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, tt.yaml))
			if err == nil {
				t.Fatal("loaded")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.key) || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q should name %s and say %q", msg, tt.key, tt.want)
			}
			for _, s := range tt.hidden {
				if strings.Contains(msg, s) {
					t.Errorf("error %q shows %q", msg, s)
				}
			}
		})
	}
}
