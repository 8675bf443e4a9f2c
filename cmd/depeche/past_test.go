package main

import (
	"bytes"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

const feedGazette = "gazette=http://gazette.example/fil.rss"

// sourceLines returns the fields of the source lines under feed's line in
// the summary of the past, keyed by source.
func sourceLines(out, feed string) map[string][]string {
	_, past, _ := strings.Cut(out, "past of")
	lines := map[string][]string{}
	in := false
	for _, line := range strings.Split(past, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case !strings.HasPrefix(line, sourceIndent):
			in = f[0] == feed
		case in:
			lines[f[0]] = f[1:]
		}
	}
	return lines
}

// With no backfill settings, a site whose robots.txt names its sitemaps
// gives its past through them; a site with no sitemap gives none, and the
// backfill succeeds all the same. The summary says what each source gave.
func TestBackfillSummaryPerSource(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedGazette, feedHome)
	out, logs, err := cli(t, "backfill", "-config", cfg)
	if err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	// The sitemap lists the feed's item (archived by the poll), one older
	// article, and a page of another host, which is not fetched.
	wantSummary(t, out, "gazette", "1", "1", "0", "0", "0", "0")
	for _, tc := range []struct {
		feed    string
		sources map[string][]string // discovered, archived, duplicates, failed, requests[, note]
	}{
		{"gazette", map[string][]string{
			"archive": {"0", "0", "0", "0", "0", "gave", "nothing"},
			"sitemap": {"2", "1", "1", "0", "4"},
		}},
		{"vna-fr", map[string][]string{ // no robots.txt, no /sitemap.xml
			"archive": {"0", "0", "0", "0", "0", "gave", "nothing"}, // the poll read the whole feed, which links to nothing older
			"sitemap": {"0", "0", "0", "0", "2", "gave", "nothing"},
		}},
	} {
		got := sourceLines(out, tc.feed)
		for source, want := range tc.sources {
			if !slices.Equal(got[source], want) {
				t.Errorf("%s from %s: got %q, want %q\n%s", tc.feed, source, got[source], want, out)
			}
		}
	}
	if n := sites.count("voisins.example/articles/fete-des-quais.html"); n != 0 {
		t.Errorf("another host's page was fetched %d times, want never", n)
	}
	if r := find(t, exportRecords(t, "-config", cfg), "peniche"); r.Feeds[0] != "gazette" {
		t.Errorf("the article from the sitemap belongs to %q, want gazette", r.Feeds)
	}
}

func TestPrintPastAlignsSourcesUnderTheirFeed(t *testing.T) {
	t.Parallel()
	counts := func(d, a, dup, f, r int) crawler.BackfillCounts {
		return crawler.BackfillCounts{Discovered: d, Archived: a, Fetched: a, Duplicates: dup, Failed: f, Requests: r}
	}
	rows := []pastRow{{"gazette", crawler.BackfillProgress{
		BackfillCounts: counts(12, 9, 2, 1, 3),
		Sources: []crawler.SourceProgress{
			{Strategy: "archive", BackfillCounts: counts(0, 0, 0, 0, 0)},
			{Strategy: "sitemap", BackfillCounts: counts(12, 9, 2, 1, 3)},
		},
	}}}
	var b bytes.Buffer
	printPast(&b, rows)
	want := `
past of    discovered  archived  duplicates  failed  requests
gazette            12         9           2       1        12
  archive           0         0           0       0         0  gave nothing
  sitemap          12         9           2       1        12
`
	if b.String() != want {
		t.Errorf("printPast wrote\n%s\nwant\n%s", b.String(), want)
	}
}

// TestBackfillStopsAtAnArchiveThatCannotBeWritten: when the archive
// cannot take what the first feed's past brings back, the walk stops
// there, instead of fetching the past of every other feed only to lose
// it.
func TestBackfillStopsAtAnArchiveThatCannotBeWritten(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg, err := loadConfig(sites.writeConfig(t, dir, feedGazette, feedHome))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(cfg.Archive, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(cfg.Archive, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fl, err := feeds(cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	c, err := newCrawler(cfg, db, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = backfillPast(t.Context(), c, db, cfg, fl, polls{}, api.BackfillRequest{}, io.Discard, io.Discard, log)
	if crawler.KindOf(err) != crawler.KindArchive {
		t.Errorf("backfill: %v, want the archive's error", err)
	}
	if n := sites.count("fr.vietnamplus.vn/rss/home.rss"); n != 0 {
		t.Errorf("the second feed was read %d times after the archive failed, want never", n)
	}
}
