package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "depeche.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if c.Archive != "./depeche.db" || c.HostDelay.D() != time.Second || c.HostParallel != 2 || c.AllowPrivateNetworks {
		t.Errorf("defaults: archive %q, host_delay %v, host_parallel %d, allow_private_networks %v",
			c.Archive, c.HostDelay.D(), c.HostParallel, c.AllowPrivateNetworks)
	}
	if len(c.Feeds) == 0 || !strings.Contains(c.Feeds[0].URL, "fr.vietnamplus.vn") {
		t.Errorf("default feeds %v, want the VNA French service", c.Feeds)
	}
	hosts := map[string]bool{}
	for _, r := range c.Sites {
		hosts[r.Host] = true
	}
	if !hosts["fr.vietnamplus.vn"] || !hosts["www.vietnam.vn"] {
		t.Errorf("built-in site rules cover %v, want fr.vietnamplus.vn and www.vietnam.vn", hosts)
	}
	if !strings.Contains(c.UserAgent, "depeche") || !strings.Contains(c.UserAgent, "http") {
		t.Errorf("user agent %q should name depeche and a contact URL", c.UserAgent)
	}
}

func TestLoadValid(t *testing.T) {
	t.Setenv("DEPECHE_TEST_DIR", "/var/lib/depeche")
	path := writeFile(t, `
archive: ${DEPECHE_TEST_DIR}/news.db
host_delay: 2s
interval: 30m
feeds:
  - name: vna-fr
    url: https://fr.vietnamplus.vn/rss/home.rss
  - name: vna-fr-politique
    url: https://fr.vietnamplus.vn/rss/politique.rss
    interval: 5m
`)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if c.Archive != "/var/lib/depeche/news.db" {
		t.Errorf("archive %q: ${NAME} not expanded", c.Archive)
	}
	if got := c.FeedInterval(c.Feeds[0]); got != 30*time.Minute {
		t.Errorf("default interval %v, want 30m", got)
	}
	if got := c.FeedInterval(c.Feeds[1]); got != 5*time.Minute {
		t.Errorf("feed interval %v, want 5m", got)
	}
	if c.HostParallel != DefaultHostParallel {
		t.Errorf("host_parallel %d, want the default %d", c.HostParallel, DefaultHostParallel)
	}
}

// loadErrorCase is a config that must fail to load, and where and why.
type loadErrorCase struct {
	name string
	yaml string
	line int
	key  string
	msg  string
}

// wantLoadError loads tt's config and checks the error names the file,
// the line and the key, and says tt.msg. It returns the error.
func wantLoadError(t *testing.T, tt loadErrorCase) error {
	t.Helper()
	path := writeFile(t, tt.yaml)
	_, err := Load(path)
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("err %v, want *config.Error", err)
	}
	if ce.File != path || ce.Line != tt.line || ce.Key != tt.key {
		t.Errorf("error at %s:%d key %q, want %s:%d key %q (%v)", ce.File, ce.Line, ce.Key, path, tt.line, tt.key, err)
	}
	if !strings.Contains(err.Error(), tt.msg) || !strings.HasPrefix(err.Error(), path+":") {
		t.Errorf("message %q should start with the file and say %q", err, tt.msg)
	}
	return err
}

func TestLoadErrors(t *testing.T) {
	tests := []loadErrorCase{
		{"unknown-key", "archive: a.db\nfeeds:\n  - name: a\n    url: https://a.example/rss\n    intervall: 5m\n", 5, "intervall", "unknown key"},
		{"unknown-top-key", "archive: a.db\nhost_dealy: 1s\n", 2, "host_dealy", "unknown key"},
		{"duplicate-name", "feeds:\n  - name: a\n    url: https://a.example/rss\n  - name: a\n    url: https://b.example/rss\n", 4, "feeds[1].name", "already the name"},
		{"name-ends-in-dot", "feeds:\n  - name: vna.\n    url: https://a.example/rss\n", 2, "feeds[0].name", "not a feed name"},
		{"name-empty-token", "feeds:\n  - name: vna..fr\n    url: https://a.example/rss\n", 2, "feeds[0].name", "not a feed name"},
		{"bad-url", "feeds:\n  - name: a\n    url: ftp://a.example/rss\n", 3, "feeds[0].url", "not an absolute http"},
		{"missing-url", "feeds:\n  - name: a\n", 2, "feeds[0].url", "missing"},
		{"bad-duration", "feeds:\n  - name: a\n    url: https://a.example/rss\n    interval: 15 minutes\n", 4, "", "not a duration"},
		{"bad-host-parallel", "host_parallel: 0\n", 1, "host_parallel", "at least 1"},
		{"bad-log-format", "log:\n  format: xml\n", 2, "log.format", "text or json"},
		{"retry-max-below-first", "page_retry:\n  first: 1h\n  max: 5m\n", 3, "page_retry.max", "at least page_retry.first"},
		{"retry-no-tries", "page_retry:\n  tries: 0\n", 2, "page_retry.tries", "at least 1"},
		{"revisit-not-later", "revisit: [1h, 1h]\n", 1, "revisit[1]", "later than revisit[0]"},
		{"revisit-not-positive", "revisit: [0s]\n", 1, "revisit[0]", "positive"},
		{"revisit-bad-days", "revisit: [xd]\n", 1, "", "not a duration"},
		{"bad-yaml", "feeds: [\n", 1, "", "did not find"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt) })
	}
}

func TestUserSitesReplaceBuiltIn(t *testing.T) {
	path := writeFile(t, `
sites:
  - host: fr.vietnamplus.vn
    body: ".nouveau-corps"
  - host: lecourrier.vn
    body: ".article-content"
`)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var vnp, courrier int
	for _, r := range c.Sites {
		switch r.Host {
		case "fr.vietnamplus.vn":
			vnp++
			if r.Body != ".nouveau-corps" {
				t.Errorf("fr.vietnamplus.vn body %q: the user rule should replace the built-in one", r.Body)
			}
		case "lecourrier.vn":
			courrier++
		}
	}
	if vnp != 1 || courrier != 1 {
		t.Errorf("rules for fr.vietnamplus.vn: %d, lecourrier.vn: %d; want 1 each", vnp, courrier)
	}
}

func TestMarshalLoadsBack(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Load(writeFile(t, string(out)))
	if err != nil {
		t.Fatalf("the printed config does not load back: %v\n%s", err, out)
	}
	if len(back.Sites) != len(c.Sites) || !reflect.DeepEqual(back.Feeds, c.Feeds) {
		t.Errorf("printed config changed on reload")
	}
}

func TestRevisitSchedule(t *testing.T) {
	for _, c := range []struct {
		yaml string
		want []time.Duration
	}{
		{"", []time.Duration{time.Hour, 6 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}},
		{"revisit: []\n", []time.Duration{}},
		{"revisit: [30m, 2d, 3d12h]\n", []time.Duration{30 * time.Minute, 48 * time.Hour, 84 * time.Hour}},
	} {
		cfg, err := Load(writeFile(t, c.yaml))
		if err != nil {
			t.Fatalf("Load(%q): %v", c.yaml, err)
		}
		if got := cfg.RevisitAges(); !slices.Equal(got, c.want) {
			t.Errorf("Load(%q).RevisitAges() = %v, want %v", c.yaml, got, c.want)
		}
	}
	out, err := Duration(14 * 24 * time.Hour).MarshalYAML()
	if err != nil || out != "14d" {
		t.Errorf("MarshalYAML(14 days) = %v, %v; want 14d", out, err)
	}
}
