package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// exportCases are export's filters, each compared across sources.
var exportCases = []struct {
	name string
	args []string
}{
	{"all", nil},
	{"feed", []string{"-feed", "vna-fr"}},
	{"since-date", []string{"-since", "2025-04-27"}},
	{"since-until", []string{"-since", "2025-04-28T00:00:00+07:00", "-until", "2025-04-29T12:00:00Z"}},
}

// TestStatusAndExportBesideDaemon checks that status and export give the
// same output whether they read the archive or ask the daemon holding it.
// The archive is filled by backfill first: the daemon then resumes the
// stored schedule and polls nothing while the test runs, so both sources
// see the same archive.
func TestStatusAndExportBesideDaemon(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome, feedBroken)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err == nil {
		t.Fatalf("backfill with a broken feed succeeded\n%s", logs)
	}
	direct := statusAndExports(t, cfg, "from the archive "+filepath.Join(dir, "archive.db"))

	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	client := withListen(t, cfg, addr)
	viaDaemon := statusAndExports(t, client, "from the running daemon at http://"+addr)
	compareOutputs(t, "through the daemon", viaDaemon, direct)
	table, _, err := cli(t, "status", "-config", client)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, table, [][]string{
		{"vna-fr", "ok", "*", "*", "0", "-", "7", "7", "5", "2", "0", "0", "0", "-"},
		{"vna-fr-casse", "failing", "-", "*", "1", "*", "0", "0", "0", "0", "0", "0", "0", "-"},
	})

	stopDaemon(t, cmd, log)
	compareOutputs(t, "after the daemon stopped", statusAndExports(t, cfg, "from the archive"), direct)
}

// statusAndExports runs status -json and every export case with config
// cfg, checks status names source, and returns the outputs by name.
func statusAndExports(t *testing.T, cfg, source string) map[string]string {
	t.Helper()
	out := map[string]string{}
	status, said, err := cli(t, "status", "-config", cfg, "-json")
	if err != nil {
		t.Fatalf("status -json: %v", err)
	}
	if !strings.HasPrefix(said, source) {
		t.Errorf("status -json said %q on stderr, want %q", said, source)
	}
	out["status -json"] = status
	for _, args := range [][]string{{"-items"}, {"-items", "-feed", "vna-fr"}, {"-revisits"}} {
		name := "status " + strings.Join(args, " ")
		listed, said, err := cli(t, append([]string{"status", "-config", cfg, "-json"}, args...)...)
		if err != nil || !strings.HasPrefix(said, source) {
			t.Fatalf("%s -json: %v, said %q on stderr, want %q", name, err, said, source)
		}
		out[name+" -json"] = listed
		table, _, err := cli(t, append([]string{"status", "-config", cfg}, args...)...)
		if first, rest, _ := strings.Cut(table, "\n"); err != nil || !strings.HasPrefix(first, source) {
			t.Fatalf("%s: %v, first line %q, want %q", name, err, first, source)
		} else {
			out[name] = rest
		}
	}
	for _, ec := range exportCases {
		got, logs, err := cli(t, append([]string{"export", "-config", cfg}, ec.args...)...)
		if err != nil {
			t.Fatalf("export %s: %v\n%s", ec.name, err, logs)
		}
		out["export "+ec.name] = got
	}
	file := filepath.Join(t.TempDir(), "export.jsonl")
	if _, _, err := cli(t, "export", "-config", cfg, "-o", file); err != nil {
		t.Fatalf("export -o: %v", err)
	}
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out["export -o"] = string(written)
	out["export -format warc"] = warcExport(t, cfg)
	out["export of a backup"] = backupExport(t, cfg)
	return out
}

// backupExport runs backup with config cfg, checks that it will not
// overwrite the copy, and returns the JSONL export of the copy.
func backupExport(t *testing.T, cfg string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "copy")
	said, logs, err := cli(t, "backup", "-config", cfg, "-o", dir)
	if err != nil || !strings.HasPrefix(said, "backup: ") {
		t.Fatalf("backup: %v, said %q\n%s", err, said, logs)
	}
	if _, _, err := cli(t, "backup", "-config", cfg, "-o", dir); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a second backup into %s: %v, want a refusal to overwrite", dir, err)
	}
	copyCfg := filepath.Join(dir, "copy.yaml")
	body := "archive: " + filepath.Join(dir, "archive.db") + "\nfeeds:\n  - name: none\n    url: https://none.example/rss\n"
	if err := os.WriteFile(copyCfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	got, logs, err := cli(t, "export", "-config", copyCfg)
	if err != nil {
		t.Fatalf("export of the backup: %v\n%s", err, logs)
	}
	checked, _, err := cli(t, "check", "-config", copyCfg)
	if err != nil || !strings.Contains(checked, " 0 problems") {
		t.Fatalf("check of the backup: %v\n%s", err, checked)
	}
	return got
}

// warcExport runs export -format warc to a .warc.gz file and returns the
// records it wrote, gunzipped, with what differs from one export to the
// next masked: the random record ids, and the warcinfo record's date.
func warcExport(t *testing.T, cfg string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "pages.warc.gz")
	_, logs, err := cliExportWARC(t, "-config", cfg, "-o", file)
	if err != nil {
		t.Fatalf("export -format warc: %v\n%s", err, logs)
	}
	if !strings.Contains(logs, "articles=5 skipped_without_page=2") {
		t.Errorf("export -format warc log lacks the counts:\n%s", logs)
	}
	raw := string(gunzipFile(t, file))
	raw = regexp.MustCompile(`<urn:uuid:[0-9a-f-]+>`).ReplaceAllString(raw, "<urn:uuid:ID>")
	if loc := regexp.MustCompile(`WARC-Date: \S+`).FindStringIndex(raw); loc != nil { // warcinfo comes first
		raw = raw[:loc[0]] + "WARC-Date: DATE" + raw[loc[1]:]
	}
	return raw
}

func compareOutputs(t *testing.T, how string, got, want map[string]string) {
	t.Helper()
	for name, w := range want {
		if w == "" || w == "null\n" {
			t.Errorf("%s: empty output: the comparison proves nothing", name)
		}
		if got[name] != w {
			t.Errorf("%s %s differs:\n got %q\nwant %q", name, how, got[name], w)
		}
	}
}

// wantRows checks that the status table has each row: cells are split
// where the table pads (two spaces or more); "*" matches any cell.
func wantRows(t *testing.T, table string, rows [][]string) {
	t.Helper()
	for _, row := range rows {
		if !hasRow(table, row) {
			t.Errorf("status table lacks a row %q:\n%s", row, table)
		}
	}
}

var tableGap = regexp.MustCompile(`\s{2,}`)

func hasRow(table string, row []string) bool {
	for _, line := range strings.Split(table, "\n") {
		cells := tableGap.Split(strings.TrimSpace(line), -1)
		if len(cells) != len(row) {
			continue
		}
		match := true
		for i, want := range row {
			match = match && (want == "*" || cells[i] == want)
		}
		if match {
			return true
		}
	}
	return false
}

func TestStatusFromArchive(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	cfg = sites.writeConfig(t, dir, feedHome, feedEconomie) // a feed added since
	table, _, err := cli(t, "status", "-config", cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(table, "\n"); first != "from the archive "+filepath.Join(dir, "archive.db") {
		t.Errorf("first line %q, want it to name the archive", first)
	}
	wantRows(t, table, [][]string{
		{"FEED", "STATE", "LAST SUCCESS", "NEXT CHECK", "ERRORS", "LAST ERROR", "ARTICLES",
			"SEEN", "FROM PAGE", "FROM FEED", "PENDING", "GIVEN UP", "ELSEWHERE", "NEXT TRY"},
		{"vna-fr", "ok", "*", "*", "0", "-", "7", "7", "5", "2", "0", "0", "0", "-"},
		{"vna-fr-economie", "never_polled", "-", "-", "0", "-", "0", "0", "0", "0", "0", "0", "0", "-"},
	})

	out, _, err := cli(t, "status", "-config", cfg, "-json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []api.FeedStatus
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("status -json is not a JSON array of feeds: %v\n%s", err, out)
	}
	if len(rows) != 2 || rows[0].State != api.StateOK || rows[0].Articles != 7 || rows[0].LastSuccess.IsZero() ||
		rows[1].State != api.StateNeverPolled || !rows[1].LastPoll.IsZero() {
		t.Errorf("status -json = %+v, want vna-fr ok with 7 articles, vna-fr-economie never polled", rows)
	}
	if want := (api.ItemCounts{Seen: 7, Page: 5, Feed: 2}); len(rows) > 0 && (rows[0].Items != want || !rows[0].NextTry.IsZero()) {
		t.Errorf("status -json: vna-fr items %+v, next try %v; want %+v and none", rows[0].Items, rows[0].NextTry, want)
	}
	if !strings.Contains(out, `"interval":"15m0s"`) || strings.Contains(out, `"last_poll":"0001`) {
		t.Errorf("status -json should give intervals as durations and omit zero times:\n%s", out)
	}
}

// TestStatusItemsFromArchive: status -items lists the two items of vna-fr
// archived from the feed, each with why its page could not be had.
func TestStatusItemsFromArchive(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome, feedEconomie)
	if _, logs, err := cli(t, "backfill", "-config", cfg, "-feed", "vna-fr"); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	table, _, err := cli(t, "status", "-config", cfg, "-items")
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, table, [][]string{
		{"FEED", "STATE", "REASON", "HTTP", "TRIES", "LAST TRY", "NEXT TRY", "LINK", "TITLE"},
		{"vna-fr", "feed", "not_found", "404", "1", "*", "-", "*", "*"},
		{"vna-fr", "feed", "content", "-", "1", "*", "-", "*", "*"}, // the PDF: the cleaner found no article
	})
	if n := strings.Count(table, "\n"); n != 4 {
		t.Errorf("status -items wrote %d lines, want the source, the header and 2 items:\n%s", n, table)
	}
	tests := []struct {
		name  string
		args  []string
		lines int // of the table, with the source line and the header
		fails string
	}{
		{"feed-with-items", []string{"-feed", "vna-fr"}, 4, ""},
		{"feed-never-polled", []string{"-feed", "vna-fr-economie"}, 2, ""},
		{"feed-not-configured", []string{"-feed", "nowhere"}, 0, `no feed named "nowhere"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := cli(t, append([]string{"status", "-config", cfg, "-items"}, tt.args...)...)
			switch {
			case tt.fails != "":
				if err == nil || !strings.Contains(err.Error(), tt.fails) {
					t.Errorf("err %v, want one saying %q", err, tt.fails)
				}
			case err != nil:
				t.Fatal(err)
			case strings.Count(got, "\n") != tt.lines:
				t.Errorf("%d lines, want %d:\n%s", strings.Count(got, "\n"), tt.lines, got)
			}
		})
	}
	if _, _, err := cli(t, "status", "-config", cfg, "-feed", "vna-fr"); err == nil || !strings.Contains(err.Error(), "-feed goes with -items") {
		t.Errorf("status -feed without -items: %v, want a usage error", err)
	}
}

// TestStatusReportsBothFailures: with the archive held and no daemon
// answering, status says both.
func TestStatusReportsBothFailures(t *testing.T) {
	t.Parallel()
	cfg, _ := lockedArchive(t, closedPort(t))
	_, _, err := cli(t, "status", "-config", cfg)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "no daemon answered") {
		t.Errorf("status: err %v, want ErrLocked and that no daemon answered", err)
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "-"},
		{"short", "HTTP 404", "HTTP 404"},
		{"exactly-the-width", strings.Repeat("é", 10), strings.Repeat("é", 10)},
		{"long", strings.Repeat("é", 11), strings.Repeat("é", 9) + "…"},
		{"line-breaks-and-tabs", "a:\n\tline 2", "a: line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := truncate(tt.in, 10); got != tt.want {
				t.Errorf("truncate(%q, 10) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
