package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

func TestExitCodes(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("archive: a.db\nfeeds:\n  - name: a\n    url: https://a.example/rss\n    intervall: 5m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		msg  string // in the printed error
	}{
		{"no-command", nil, 2, "no command"},
		{"unknown-command", []string{"archive"}, 2, `unknown command "archive"`},
		{"help", []string{"-h"}, 0, ""},
		{"command-help", []string{"export", "-h"}, 0, ""},
		{"unknown-flag", []string{"export", "-pretty", "csv"}, 2, "flag provided but not defined"},
		{"bad-time", []string{"export", "-since", "yesterday"}, 2, `-since "yesterday": not a time`},
		{"stray-argument", []string{"run", "now"}, 2, "takes no arguments"},
		{"unknown-feed", []string{"backfill", "-feed", "nope"}, 2, `no feed named "nope"`},
		{"config-error", []string{"backfill", "-config", bad}, 2, bad + ":5: intervall: unknown key"},
		{"missing-config", []string{"run", "-config", filepath.Join(t.TempDir(), "none.yaml")}, 1, "no such file"},
		{"extract-no-page", []string{"extract"}, 2, "one FILE or URL"},
		{"extract-many-without-out", []string{"extract", "a.html", "b.html"}, 2, "many with -out DIR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errw, printed bytes.Buffer
			err := run(t.Context(), tt.args, &out, &errw)
			if code := exitCode(err, &printed); code != tt.code {
				t.Errorf("exit status %d, want %d (err %v)", code, tt.code, err)
			}
			if !strings.Contains(printed.String(), tt.msg) {
				t.Errorf("printed %q, want it to say %q", printed.String(), tt.msg)
			}
		})
	}
}

func TestConfigPrintsEffectiveConfig(t *testing.T) {
	t.Parallel()
	out, _, err := cli(t, "config")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"archive: ./depeche.db", "host_delay: 1s", "https://fr.vietnamplus.vn/rss/home.rss", "host: www.vietnam.vn"} {
		if !strings.Contains(out, want) {
			t.Errorf("effective config lacks %q:\n%s", want, out)
		}
	}
}

func TestPrivateAddressesRefusedByDefault(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "depeche.yaml")
	body := "archive: " + filepath.Join(dir, "a.db") + "\nfeeds:\n  - name: local\n    url: " + sites.URL + "/rss/home.rss\n"
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, logs, err := cli(t, "backfill", "-config", cfg)
	if err == nil {
		t.Fatal("backfill of a loopback feed succeeded without allow_private_networks")
	}
	if !strings.Contains(logs, "kind=blocked") || !strings.Contains(logs, "allow_private_networks") {
		t.Errorf("log should say the address was refused and how to allow it:\n%s", logs)
	}
	if n := sites.count("127.0.0.1/rss/home.rss"); n != 0 {
		t.Errorf("the loopback server got %d requests, want none", n)
	}
}

// TestExtractMatchesArchive checks that extract runs exactly the cleaning
// the crawler runs: same page, same article.
func TestExtractMatchesArchive(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	archived := find(t, exportRecords(t, "-config", cfg), "post1001")
	page := filepath.Join("..", "..", "testdata", "e2e", "fr.vietnamplus.vn", "hanoi-ouvre-une-ligne-de-tramway-post1001.vnp")

	out, _, err := cli(t, "extract", "-url", archived.URL, page)
	if err != nil {
		t.Fatal(err)
	}
	var art store.Record
	if err := json.Unmarshal([]byte(out), &art); err != nil {
		t.Fatalf("extract output is not an article: %v\n%s", err, out)
	}
	if art.Text != archived.Text || art.Title != archived.Title || art.Author != archived.Author || art.ContentHash != archived.ContentHash {
		t.Errorf("extract and the crawler disagree:\nextract: %+v\narchive: %+v", art, archived)
	}
	text, _, err := cli(t, "extract", "-text", "-url", archived.URL, page)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSuffix(text, "\n") != archived.Text {
		t.Errorf("extract -text printed %q, want the archived text", text)
	}
}
