package search

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/depeche-archiver/depeche/internal/logwait"
	"github.com/depeche-archiver/depeche/store"
)

// Environment of the follower child: the archive it follows and the file
// size limit it runs under, which stands for a full disk: past it a write
// fails with EFBIG ("file too large"; Go ignores SIGXFSZ).
const (
	childArchiveEnv = "DEPECHE_TEST_FOLLOW_ARCHIVE"
	childFsizeEnv   = "DEPECHE_TEST_FOLLOW_FSIZE"
)

// fullDiskLimit is the child's file size limit: the index's first segment
// is larger, its root file and a batch's bookkeeping are not.
const fullDiskLimit = 64 << 10

// TestFollowerChild is the follower TestFollowerReportsFullDisk runs in a
// process of its own; it does nothing in an ordinary run.
func TestFollowerChild(t *testing.T) {
	archive := os.Getenv(childArchiveEnv)
	if archive == "" {
		t.Skip("runs as TestFollowerReportsFullDisk's child")
	}
	limit, err := strconv.ParseUint(os.Getenv(childFsizeEnv), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	db, ix := openUnderLimit(t, archive, limit)
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ix.Follow(context.Background(), db, 20*time.Millisecond, log) // until the parent ends it
}

// openUnderLimit limits the size of the files this process writes to
// limit, then opens the archive at path for reading and its index; both
// close at the test's end.
func openUnderLimit(t *testing.T, archive string, limit uint64) (*store.DB, *Index) {
	t.Helper()
	lim := unix.Rlimit{Max: unix.RLIM_INFINITY, Cur: limit}
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(archive, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ix, err := Open(Path(archive))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return db, ix
}

// TestFollowerReportsFullDisk runs a follower whose index cannot grow
// (a file size limit: a full disk, as the index's writes see it) and
// checks that it says so with the index's path and the cause, and that
// once the limit is lifted (room again) it writes what it indexed and
// logs that it keeps up: the index then holds every article, on disk.
func TestFollowerReportsFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process; skipped with -short")
	}
	archive := filepath.Join(t.TempDir(), "depeche.db")
	const articles = 12
	writeBigArchive(t, archive, articles)

	cmd := exec.Command(os.Args[0], "-test.run=^TestFollowerChild$", "-test.v")
	cmd.Env = append(os.Environ(), childArchiveEnv+"="+archive, childFsizeEnv+"="+strconv.Itoa(fullDiskLimit))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	stop := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() }) // ends the output: the test fails
	defer stop.Stop()
	lines := bufio.NewScanner(out)

	path := Path(archive)
	line := logwait.For(t, lines, "level=ERROR", "cannot keep up", "path="+path, ErrNotWritten.Error(), "file too large")
	t.Logf("reported: %s", line)

	var lim unix.Rlimit
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, nil, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = lim.Max
	if err := unix.Prlimit(cmd.Process.Pid, unix.RLIMIT_FSIZE, &lim, nil); err != nil {
		t.Fatal(err)
	}
	logwait.For(t, lines, "level=INFO", "keeping up again", "path="+path)
	if err := cmd.Process.Kill(); err != nil { // as a crash: only what is on disk stays
		t.Fatal(err)
	}
	cmd.Wait()

	ix, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, err := ix.Count(); err != nil || n != articles {
		t.Errorf("index on disk after the disk had room again holds %d articles, %v; want %d", n, err, articles)
	}
}

// writeBigArchive makes an archive at path of n articles of about 10 KB of
// distinct words each.
func writeBigArchive(t *testing.T, path string, n int) {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		var words []string
		for w := range 1500 {
			words = append(words, fmt.Sprintf("w%dx%d", i, w))
		}
		a := &store.Article{URL: fmt.Sprintf("https://example.test/big/%d", i), Title: fmt.Sprintf("Big %d", i),
			Text: strings.Join(words, " "), Language: "en"}
		if _, _, err := db.Save(a, "big", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// childPauseEnv runs TestPersistPauseChild: the archive it indexes.
const childPauseEnv = "DEPECHE_TEST_PERSIST_PAUSE_ARCHIVE"

// TestPersistPauseChild is TestFullDiskIsNotTriedOverAndOver's child: it
// indexes the archive under the file size limit, then counts bleve's
// failed writes over three pauses.
func TestPersistPauseChild(t *testing.T) {
	archive := os.Getenv(childPauseEnv)
	if archive == "" {
		t.Skip("runs as TestFullDiskIsNotTriedOverAndOver's child")
	}
	db, ix := openUnderLimit(t, archive, fullDiskLimit)
	if _, err := ix.CatchUp(t.Context(), db, nil); !errors.Is(err, ErrNotWritten) {
		t.Fatalf("catch up on a full disk: %v, want %v", err, ErrNotWritten)
	}
	before := ix.writeFailures()
	time.Sleep(3 * persistPause) // observing what bleve does meanwhile: no result to wait for
	if n := ix.writeFailures() - before; n > 6 {
		t.Errorf("%d failed writes in %v with the disk full: bleve tries again at once instead of once every %v", n, 3*persistPause, persistPause)
	}
}

// TestFullDiskIsNotTriedOverAndOver: while the disk is full, bleve's
// persister tries to write the index once a pause, not as fast as it can
// (which took most of a core).
func TestFullDiskIsNotTriedOverAndOver(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process; skipped with -short")
	}
	archive := filepath.Join(t.TempDir(), "depeche.db")
	writeBigArchive(t, archive, 12)
	cmd := exec.Command(os.Args[0], "-test.run=^TestPersistPauseChild$", "-test.v")
	cmd.Env = append(os.Environ(), childPauseEnv+"="+archive)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPersistPauseChild") {
		t.Errorf("child: %v\n%s", err, out)
	}
}
