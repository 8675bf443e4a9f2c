package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/config"
)

// subscriberConfig writes a config whose feed and site carry headers from
// the environment.
func subscriberConfig(t *testing.T) string {
	t.Helper()
	t.Setenv("DEPECHE_TEST_COOKIE", "session=cmd-secret-1")
	t.Setenv("DEPECHE_TEST_TOKEN", "cmd-secret-2")
	path := filepath.Join(t.TempDir(), "depeche.yaml")
	body := `feeds:
  - name: paper
    url: https://paper.example/feed.xml
    headers:
      Authorization: Bearer ${DEPECHE_TEST_TOKEN}
sites:
  - host: paper.example
    path_prefix: /news
    headers:
      Cookie: ${DEPECHE_TEST_COOKIE}
      user-agent: PaperReader/2
`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigMasksHeaders(t *testing.T) {
	out, _, err := cli(t, "config", "-config", subscriberConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"cmd-secret-1", "cmd-secret-2", "PaperReader"} {
		if strings.Contains(out, secret) {
			t.Errorf("depeche config prints %q:\n%s", secret, out)
		}
	}
	if n := strings.Count(out, config.Masked); n != 3 {
		t.Errorf("depeche config masks %d header values, want 3:\n%s", n, out)
	}
}

// TestHeadersReachTheCrawler: the feed's headers go with the feed, the
// site's with the crawler's options, names in canonical form.
func TestHeadersReachTheCrawler(t *testing.T) {
	cfg, err := config.Load(subscriberConfig(t))
	if err != nil {
		t.Fatal(err)
	}
	fl, err := feeds(cfg, "paper")
	if err != nil {
		t.Fatal(err)
	}
	if got := fl[0].Headers.Get("Authorization"); got != "Bearer cmd-secret-2" {
		t.Errorf("feed Authorization %q, want the token from the environment", got)
	}
	sites := crawlerOptions(cfg, slog.New(slog.DiscardHandler)).Sites
	if len(sites) != 1 {
		t.Fatalf("crawler gets %d site header entries, want only paper.example's: %+v", len(sites), sites)
	}
	s := sites[0]
	if s.Host != "paper.example" || s.PathPrefix != "/news" || s.Header.Get("User-Agent") != "PaperReader/2" || s.Header.Get("Cookie") != "session=cmd-secret-1" {
		t.Errorf("site headers %+v", s)
	}
}
