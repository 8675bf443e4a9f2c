package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

// freeAddr returns a loopback address no one listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestBackfillBesideRunningDaemon: with the daemon holding the archive,
// `depeche backfill` goes through it instead of failing, and the past it
// brings back lands in the daemon's archive.
func TestBackfillBesideRunningDaemon(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	addr := freeAddr(t)
	body, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.Replace(string(body), "listen: 127.0.0.1:0", "listen: "+addr, 1) +
		"    backfill:\n      sitemaps: [http://fr.vietnamplus.vn/plan-du-site.xml]\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd, log := startDaemon(t, cfg)
	waitLog(t, log, "msg=poll", "feed=vna-fr ", "new=7")

	out, _, err := cli(t, "backfill", "-config", cfg)
	if err != nil {
		t.Fatalf("backfill beside the daemon: %v\n%s", err, out)
	}
	if !strings.Contains(out, "through the running daemon") {
		t.Errorf("output does not say it went through the daemon:\n%s", out)
	}
	// The live feed again and the sitemap (one new article): 1 archived,
	// 5 already there (the 2 whose page is broken from the feed's text).
	wantSummary(t, out, "vna-fr", "6", "1", "5", "0", "3")

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for log.Scan() {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.Count(); err != nil || n != 8 {
		t.Errorf("archive holds %d (err %v), want the 7 of the feed and 1 from the sitemap", n, err)
	}
}
