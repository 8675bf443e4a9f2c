package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackfillWritesCPUProfile(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	prof := filepath.Join(dir, "backfill.pprof")
	if _, logs, err := cli(t, "backfill", "-config", cfg, "-cpuprofile", prof); err != nil {
		t.Fatalf("backfill -cpuprofile: %v\n%s", err, logs)
	}
	data, err := os.ReadFile(prof)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) { // pprof's format: gzipped protocol buffers
		t.Errorf("the profile is %d bytes not starting as a gzip stream", len(data))
	}
}

func TestBackfillCPUProfileUnwritable(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	prof := filepath.Join(dir, "missing", "backfill.pprof")
	_, _, err := cli(t, "backfill", "-config", cfg, "-cpuprofile", prof)
	if err == nil || !strings.Contains(err.Error(), prof) {
		t.Fatalf("backfill with an unwritable profile path: err %v, want one naming %s", err, prof)
	}
	if _, err := os.Stat(filepath.Join(dir, "archive.db")); !os.IsNotExist(err) {
		t.Errorf("the archive was opened although the profile could not be written (stat: %v)", err)
	}
}
