package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

const (
	feedHome     = "vna-fr=http://fr.vietnamplus.vn/rss/home.rss"
	feedEconomie = "vna-fr-economie=http://fr.vietnamplus.vn/rss/economie.rss"
	feedBroken   = "vna-fr-casse=http://fr.vietnamplus.vn/rss/casse.rss"
)

// cli runs one depeche command in process and returns its output.
func cli(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errw bytes.Buffer
	err = run(context.Background(), args, &out, &errw)
	return out.String(), errw.String(), err
}

func TestEndToEnd(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome, feedEconomie, feedBroken)

	// The first feed alone: every readable article is archived, the items
	// whose page is gone (a 404) or not an article page (a PDF) are
	// archived from the feed's own text, logged by feed, URL and reason,
	// and the exit status is 0.
	out, logs, err := cli(t, "backfill", "-config", cfg, "-feed", "vna-fr")
	if err != nil {
		t.Fatalf("backfill -feed vna-fr: %v\n%s", err, logs)
	}
	wantSummary(t, out, "vna-fr", "7", "7", "2", "0", "0", "0")
	for _, want := range []string{
		`feed=vna-fr url=http://fr.vietnamplus.vn/une-page-qui-a-disparu-post1005.vnp`,
		`HTTP 404`,
		`feed=vna-fr url=http://fr.vietnamplus.vn/rapport-annuel-post1006.vnp`,
		`not an HTML page`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}

	// Every feed: nothing new (the first feed, read in full, answers 304 to
	// its validators), the economie feed's tracking-laden link is a
	// duplicate, and the broken feed makes the exit status non-zero.
	out, logs, err = cli(t, "backfill", "-config", cfg)
	if err == nil || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Fatalf("backfill with a broken feed: err %v, want exit status 1", err)
	}
	wantSummary(t, out, "vna-fr", "0", "0", "0", "0", "0", "0")
	wantSummary(t, out, "vna-fr-economie", "1", "0", "0", "1", "0", "0")
	if !strings.Contains(logs, "feed=vna-fr-casse url=http://fr.vietnamplus.vn/rss/casse.rss") {
		t.Errorf("log does not name the broken feed and its URL:\n%s", logs)
	}
	if n := sites.count("fr.vietnamplus.vn/le-delta-du-mekong-mise-sur-le-riz-post1002.vnp"); n != 1 {
		t.Errorf("the article in two feeds was fetched %d times, want 1", n)
	}

	records := exportRecords(t, "-config", cfg)
	checkGolden(t, filepath.Join("..", "..", "testdata", "e2e", "export.golden.jsonl"), normalise(t, records))
	mekong := find(t, records, "le-delta-du-mekong")
	if !slices.Equal(mekong.Feeds, []string{"vna-fr", "vna-fr-economie"}) {
		t.Errorf("feeds of the shared article = %q, want both feeds", mekong.Feeds)
	}
}

func TestExportFilters(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome, feedEconomie)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	tests := []struct {
		name string
		args []string
		want []string // URL substrings, in archive order not required
	}{
		{"all", nil, []string{"post1001", "post1002", "post1003", "post1005", "post1006", "cooperation-regionale", "cafe-des-hauts-plateaux"}},
		{"feed", []string{"-feed", "vna-fr-economie"}, []string{"post1002"}},
		{"since-date", []string{"-since", "2025-04-27"}, []string{"post1001", "post1002", "post1003"}},
		{"until-date", []string{"-until", "2025-04-25"}, []string{"post1006", "cafe-des-hauts-plateaux"}},
		{"since-until", []string{"-since", "2025-04-28T00:00:00Z", "-until", "2025-04-29T00:00:00Z"}, []string{"post1002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			records := exportRecords(t, append([]string{"-config", cfg}, tt.args...)...)
			var got []string
			for _, r := range records {
				got = append(got, r.URL)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d records %q, want %d matching %q", len(got), got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(got, func(u string) bool { return strings.Contains(u, w) }) {
					t.Errorf("no record matching %q in %q", w, got)
				}
			}
		})
	}
}

func TestExportToFileRoundTrips(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	stdout, _, err := cli(t, "export", "-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "out.jsonl")
	if _, _, err := cli(t, "export", "-config", cfg, "-o", file); err != nil {
		t.Fatal(err)
	}
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(written) != stdout {
		t.Error("export -o wrote something else than export to stdout")
	}
	// Decoding and encoding again gives the same bytes: no field is lost.
	var again bytes.Buffer
	err = store.DecodeRecords(bytes.NewReader(written), func(r store.Record) error {
		return encodeRecord(&again, r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if again.String() != string(written) {
		t.Errorf("round trip changed the export:\n got %s\nwant %s", again.String(), written)
	}
}
