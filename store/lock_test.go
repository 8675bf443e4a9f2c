package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// holdEnv names the archive TestHelperHoldArchive holds open, in the child
// process only.
const holdEnv = "DEPECHE_STORE_HOLD_ARCHIVE"

// TestHelperHoldArchive is not a test: run as a child process by
// holdArchive, it opens the archive, prints "ready" and keeps the file lock
// until its standard input closes.
func TestHelperHoldArchive(t *testing.T) {
	path := os.Getenv(holdEnv)
	if path == "" {
		t.Skip("helper process for TestOpenLocked")
	}
	db, err := Open(path, Options{})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := db.Close(); err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
}

// holdArchive starts a child process that holds the archive at path open and
// returns once it has the lock. Calling release ends the child.
func holdArchive(t *testing.T, path string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldArchive$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper: %v", err)
	}
	release = func() {
		_ = stdin.Close()
		_, _ = io.Copy(io.Discard, stdout)
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper: %v", err)
		}
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // no-op once released
	})
	waitReady(t, stdout, release)
	return release
}

// waitReady reads the helper's output until it says "ready".
func waitReady(t *testing.T, stdout io.Reader, release func()) {
	t.Helper()
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if lines.Text() == "ready" {
			return
		}
		if strings.HasPrefix(lines.Text(), "error:") {
			t.Fatalf("helper: %s", lines.Text())
		}
	}
	release()
	t.Fatal("helper exited before holding the archive")
}

// lockSlack is how much longer than its lock timeout an Open of a locked
// archive may take in TestOpenLocked. The bound is there to catch an Open
// that does not keep to the timeout (bbolt's own default waits for ever,
// and a default of minutes would do as badly), not to time bbolt's lock
// polling, which a loaded machine under -race slows by seconds.
const lockSlack = 15 * time.Second

func TestOpenLocked(t *testing.T) {
	if os.Getenv(holdEnv) != "" {
		t.Skip("inside the helper process")
	}
	path := filepath.Join(t.TempDir(), "depeche.db")
	release := holdArchive(t, path)

	tests := []struct {
		name    string
		opts    Options
		timeout time.Duration // the lock timeout Open should keep to
	}{
		{"writer-default-timeout", Options{}, defaultLockTimeout},
		{"writer-short-timeout", Options{LockTimeout: 200 * time.Millisecond}, 200 * time.Millisecond},
		{"reader", Options{ReadOnly: true, LockTimeout: 200 * time.Millisecond}, 200 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			db, err := Open(path, tt.opts)
			elapsed := time.Since(start)
			if err == nil {
				db.Close()
				t.Fatal("Open of a locked archive: no error")
			}
			if !errors.Is(err, ErrLocked) {
				t.Errorf("Open: error %v, want ErrLocked", err)
			}
			want := "open archive " + path + ": the archive is in use by another process"
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Open: error %q, want it to start %q", err, want)
			}
			if limit := tt.timeout + lockSlack; elapsed > limit {
				t.Errorf("Open took %v with a lock timeout of %v, want under %v", elapsed, tt.timeout, limit)
			}
		})
	}

	release()
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatalf("Open after the other process let go: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}
