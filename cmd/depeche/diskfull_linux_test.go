package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/depeche-archiver/depeche/store"
)

// fileSizeEnv carries a file size limit to a child test binary: it stands
// for a full disk. Past it, a write fails with EFBIG ("file too large"),
// and SIGXFSZ, which Go ignores unless asked for, does not kill.
const fileSizeEnv = "DEPECHE_TEST_FSIZE"

// limitFileSize applies fileSizeEnv's limit, when set, to this process as
// its soft limit, which its parent may raise again.
func limitFileSize() {
	n, err := strconv.ParseUint(os.Getenv(fileSizeEnv), 10, 64)
	if err != nil {
		return
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		panic(err)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		panic(err)
	}
}

// raiseFileSize lifts the soft file size limit of process pid to its hard
// limit: the disk has room again.
func raiseFileSize(t *testing.T, pid int) {
	t.Helper()
	var lim unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, nil, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = lim.Max
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &lim, nil); err != nil {
		t.Fatal(err)
	}
}

// TestDaemonKeepsScheduleWhileArchiveCannotGrow runs the daemon on an
// archive that cannot grow (the file size limit of the child is the
// archive's size: a full disk, as bbolt sees it), checks that each failed
// write is reported with its feed and the cause, that the daemon keeps
// polling, and that once the archive can grow again the next polls archive
// every article, with nothing lost or stored twice.
func TestDaemonKeepsScheduleWhileArchiveCannotGrow(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a real daemon; skipped with -short")
	}
	site := newCrashSite(t)
	dir := t.TempDir()
	cfg := (&testSites{Server: site.Server}).writeConfig(t, dir, "crash="+crashHost+"/feed.rss")
	appendConfig(t, cfg, "interval: 1s\nbackoff_cap: 1s\n")
	archive := filepath.Join(dir, "archive.db")
	size := createArchive(t, archive)

	cmd, log := startDaemonEnv(t, cfg, fileSizeEnv+"="+strconv.FormatInt(size, 10))

	pollFailed := regexp.MustCompile(` failed=(\d+) `)
	// The first write of a poll records its items: it is the one that
	// meets the full disk, and says so with the feed and the cause.
	line := waitLog(t, log, "record the feed's items", "feed=crash", "file too large")
	t.Logf("reported: %s", line)
	for polls := 0; polls < 2; polls++ { // the schedule goes on: two polls that could not store
		line = waitLog(t, log, "msg=poll", "feed=crash")
		if m := pollFailed.FindStringSubmatch(line); m == nil || m[1] == "0" {
			t.Fatalf("poll while the archive cannot grow reports no failure: %s", line)
		}
	}

	raiseFileSize(t, cmd.Process.Pid)
	waitLog(t, log, "msg=poll", "feed=crash", " failed=0 ")
	stopDaemon(t, cmd, log)
	if n := checkArchive(t, archive); n != crashItems {
		t.Errorf("after the disk had room again the archive holds %d articles, want %d", n, crashItems)
	}
}

// createArchive creates an empty archive at path and returns its size.
func createArchive(t *testing.T, path string) int64 {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
