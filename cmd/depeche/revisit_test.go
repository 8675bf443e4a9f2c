package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/api"
)

// TestDaemonRevisits: the daemon fetches the archived pages again on the
// revisit schedule, and status counts the revisits, through the daemon
// and from the archive after it stopped.
func TestDaemonRevisits(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	appendConfig(t, cfg, "revisit: [1s, 2s]\n")
	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	waitLog(t, log, "msg=revisit", "outcome=unchanged", "tramway-post1001")
	waitLog(t, log, "msg=revisit", "outcome=unchanged", "tramway-post1001") // the second, at 2 s

	st := revisitCounts(t, withListen(t, cfg, addr), "from the running daemon")
	if st.Unchanged < 2 || st.Changed+st.Withdrawn+st.Failed != 0 {
		t.Errorf("revisits through the daemon: %+v, want unchanged ones only", st)
	}
	stopDaemon(t, cmd, log)
	after := revisitCounts(t, cfg, "from the archive")
	if after.Unchanged < st.Unchanged || after.Changed+after.Withdrawn+after.Failed != 0 {
		t.Errorf("revisits from the archive: %+v, want at least the daemon's %+v", after, st)
	}
	table, _, err := cli(t, "status", "-config", cfg)
	if err != nil || !strings.Contains(table, "revisits: ") || !strings.Contains(table, " unchanged, 0 changed, 0 withdrawn, 0 failed;") {
		t.Errorf("status table: %v\n%s", err, table)
	}
}

// revisitCounts runs status -revisits -json with config cfg and checks
// it names source.
func revisitCounts(t *testing.T, cfg, source string) api.RevisitStatus {
	t.Helper()
	out, said, err := cli(t, "status", "-config", cfg, "-revisits", "-json")
	if err != nil || !strings.HasPrefix(said, source) {
		t.Fatalf("status -revisits -json: %v, said %q, want %q", err, said, source)
	}
	var st api.RevisitStatus
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status -revisits -json: %v\n%s", err, out)
	}
	return st
}
