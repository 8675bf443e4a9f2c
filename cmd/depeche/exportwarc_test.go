package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// warcExports makes the in-process WARC exports of parallel tests take
// turns: gowarc sets a global of the uuid package (uuid.EnableRandPool) at
// every record it builds, a data race with the record ids of another
// export running at the same time.
var warcExports sync.Mutex

// cliExportWARC runs export -format warc with args, alone among WARC exports.
func cliExportWARC(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	warcExports.Lock()
	defer warcExports.Unlock()
	return cli(t, append([]string{"export", "-format", "warc"}, args...)...)
}

// TestExportWARCCommand archives the fixture feed and exports its pages as
// .warc.gz: one request and one response per article, the log counts them,
// and each response carries its article id. Record-level checks against a
// reader written from the specification are in store/warc_test.go.
func TestExportWARCCommand(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	out := filepath.Join(dir, "pages.warc.gz")
	_, logs, err := cliExportWARC(t, "-config", cfg, "-o", out)
	if err != nil {
		t.Fatalf("export -format warc: %v\n%s", err, logs)
	}
	if !strings.Contains(logs, "articles=5 skipped_without_page=2") {
		t.Errorf("log lacks the count of records written and skipped:\n%s", logs)
	}
	raw := gunzipFile(t, out)
	for what, want := range map[string]int{
		"WARC-Type: warcinfo\r\n":      1,
		"WARC-Filename: pages.warc.gz": 1,
		"WARC-Type: request\r\n":       5,
		"WARC-Type: response\r\n":      5,
		"WARC-Depeche-Article-Id: ":    10,
		"\r\nContent-Encoding:":        0,
	} {
		if n := bytes.Count(raw, []byte(what)); n != want {
			t.Errorf("%q appears %d times, want %d", what, n, want)
		}
	}
	if _, _, err := cli(t, "export", "-config", cfg, "-format", "xml"); err == nil {
		t.Error("export -format xml succeeded, want a usage error")
	}
}

// gunzipFile returns the decompressed content of a gzip file of one or
// more members.
func gunzipFile(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
