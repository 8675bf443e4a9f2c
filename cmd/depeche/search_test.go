package main

import (
	"encoding/json"
	"fmt"
	"os"
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

// TestSearchCommandLimits checks that search refuses a query over the
// config's limits before it opens anything, saying which limit and the
// key that sets it.
func TestSearchCommandLimits(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "depeche.yaml")
	body := fmt.Sprintf("archive: %s\nlisten: \"\"\nsearch:\n  max_terms: 3\n", filepath.Join(dir, "archive.db"))
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		query     []string
		says, key string
	}{
		{"too-long", []string{`"` + strings.Repeat("port ", 205) + `"`}, "limit of 1024 bytes", "search.max_query_bytes"},
		{"too-many-words", []string{"port", "ferry", "gare", "maritime"}, "limit of 3 terms", "search.max_terms"},
		{"phrase-counts-its-words", []string{`"la gare maritime du port"`}, "limit of 3 terms", "search.max_terms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := cli(t, append([]string{"search", "-config", cfg}, tt.query...)...)
			if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), tt.key) {
				t.Errorf("search %q: %v; want an error saying %q and naming %s", tt.query, err, tt.says, tt.key)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "archive.db")); !os.IsNotExist(err) {
		t.Errorf("the archive was made for a refused query: %v", err)
	}
}
