package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/logwait"
	"github.com/depeche-archiver/depeche/store"
)

// startDaemon starts "depeche run" as a child process and returns it with
// a reader of its log.
func startDaemon(t *testing.T, cfg string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	return startDaemonEnv(t, cfg)
}

// startDaemonEnv is startDaemon with variables (KEY=value) added to the
// child's environment only, so that the test can run in parallel with
// others, which t.Setenv forbids.
func startDaemonEnv(t *testing.T, cfg string, env ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "run", "-config", cfg)
	cmd.Env = append(append(os.Environ(), "DEPECHE_TEST_MAIN=1"), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A watchdog, not a wait: should an expected log line never come, the
	// child is killed, its log ends and waitLog fails instead of hanging.
	watchdog := time.AfterFunc(daemonTestLimit, func() { cmd.Process.Kill() })
	t.Cleanup(func() { watchdog.Stop(); cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewScanner(stderr)
}

// daemonTestLimit bounds how long one daemon child may run in a test.
const daemonTestLimit = 2 * time.Minute

// waitLog reads the log until a line contains every part; it fails the
// test when the log ends first. Reading blocks on the child's output:
// no sleeping.
func waitLog(t *testing.T, log *bufio.Scanner, parts ...string) string {
	t.Helper()
	return logwait.For(t, log, parts...)
}

func TestDaemonArchivesAndStopsOnSIGTERM(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome, feedBroken)
	cmd, log := startDaemon(t, cfg)

	waitLog(t, log, "msg=poll", "feed=vna-fr ", "new=7")

	// While the daemon holds the archive and no listener of it can be
	// reached (the config asks for port 0), export is told so plainly.
	// That it is told within the lock timeout, not after a hang, is
	// store's lock test: a wall-clock bound here would flake on a loaded
	// machine. Export through the listener is in status_test.go.
	_, _, err := cli(t, "export", "-config", cfg)
	if !errors.Is(err, store.ErrLocked) {
		t.Errorf("export beside the daemon: err %v, want ErrLocked", err)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waitLog(t, log, "depeche stopping")
	for log.Scan() { // drain the log: Wait must come after the last read
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("daemon exit after SIGTERM: %v, want status 0", err)
	}
	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.Count(); err != nil || n != 7 {
		t.Errorf("archive holds %d articles (err %v), want 7: 5 from their page, 2 from the feed", n, err)
	}
}
