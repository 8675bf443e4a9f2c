package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/depeche-archiver/depeche/internal/api"
)

// TestSearchBesideDaemon checks that search finds an archived article's
// title word from the index beside the archive (made on first use), that
// index -rebuild makes it again, and that the running daemon answers the
// same search, serves its web interface and keeps its index.
func TestSearchBesideDaemon(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	records := exportRecords(t, "-config", cfg)
	rec := records[0]
	word := longestWord(rec.Title)
	direct := searchIDs(t, cfg, "from the archive", word)
	if !slices.Contains(direct, rec.ID) {
		t.Fatalf("search %q found %v, not article %d (%q)", word, direct, rec.ID, rec.Title)
	}
	out, _, err := cli(t, "index", "-config", cfg, "-rebuild")
	if want := fmt.Sprintf("indexed %d articles", len(records)); err != nil || !strings.HasPrefix(out, want) {
		t.Fatalf("index -rebuild: %v, said %q", err, out)
	}
	if table, _, err := cli(t, "search", "-config", cfg, word); err != nil || !strings.Contains(table, rec.Title) {
		t.Errorf("search table: %v\n%s", err, table)
	}

	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	client := withListen(t, cfg, addr)
	if got := searchIDs(t, client, "from the running daemon", word); !slices.Equal(got, direct) {
		t.Errorf("through the daemon: %v, want %v", got, direct)
	}
	code, page := get(t, "http://"+addr+"/", "")
	if code != 200 || !strings.Contains(page, "vna-fr") || !strings.Contains(page, "<svg") {
		t.Errorf("GET /: %d\n%s", code, page)
	}
	stopDaemon(t, cmd, log)
	if files, _ := filepath.Glob(filepath.Join(dir, "archive.db.index", "*")); len(files) == 0 {
		t.Errorf("no index beside the archive after the daemon")
	}
}

// searchIDs runs search -json with config cfg, checks it says where it
// searched, and returns the ids found.
func searchIDs(t *testing.T, cfg, source string, query ...string) []uint64 {
	t.Helper()
	out, said, err := cli(t, append([]string{"search", "-config", cfg, "-json"}, query...)...)
	if err != nil || !strings.HasPrefix(said, source) {
		t.Fatalf("search: %v, said %q, want %q", err, said, source)
	}
	var res api.SearchResponse
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	var ids []uint64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// longestWord is the longest word of s: one likely to be its own.
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r == '-' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) }) {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
			best = w
		}
	}
	return best
}
