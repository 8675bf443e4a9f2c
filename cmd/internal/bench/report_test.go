package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestWriteHeader(t *testing.T) {
	var b bytes.Buffer
	WriteHeader(&b, Header{
		Command: "xbench",
		Title:   "what it measures, 6 pages",
		Args:    []string{"-reps", "1"},
		Machine: "2 CPUs",
		Date:    time.Date(2026, 11, 30, 23, 30, 0, 0, time.FixedZone("", -3600)),
	})
	want := "# xbench: what it measures, 6 pages\n\n" +
		"date     2026-12-01\n" + // in UTC
		"command  go run ./cmd/xbench -reps 1\n" +
		fmt.Sprintf("machine  %s/%s, %s, 2 CPUs\n", runtime.GOOS, runtime.GOARCH, runtime.Version())
	if b.String() != want {
		t.Errorf("header:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestNewTableAlignsColumns(t *testing.T) {
	var b bytes.Buffer
	tw := NewTable(&b)
	fmt.Fprintln(tw, "run\tarticles")
	fmt.Fprintln(tw, "end to end\t300")
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "run         articles\nend to end  300\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant:\n%q", b.String(), want)
	}
}

func TestPublish(t *testing.T) {
	report := []byte("# xbench\n")
	t.Run("stdout-only", func(t *testing.T) {
		var out bytes.Buffer
		if err := Publish(&out, "", report); err != nil {
			t.Fatal(err)
		}
		if out.String() != string(report) {
			t.Errorf("stdout = %q", out.String())
		}
	})
	t.Run("stdout-and-results-file", func(t *testing.T) {
		var out bytes.Buffer
		path := filepath.Join(t.TempDir(), "results.txt")
		if err := Publish(&out, path, report); err != nil {
			t.Fatal(err)
		}
		kept, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if out.String() != string(report) || string(kept) != string(report) {
			t.Errorf("stdout %q, file %q; want both %q", out.String(), kept, report)
		}
	})
	t.Run("unwritable-results-file", func(t *testing.T) {
		var out bytes.Buffer
		path := filepath.Join(t.TempDir(), "absent", "results.txt")
		if err := Publish(&out, path, report); err == nil {
			t.Error("no error writing into a missing directory")
		}
	})
}

func TestMiB(t *testing.T) {
	if got := MiB(3 << 19); got != 1.5 {
		t.Errorf("MiB(3<<19) = %v, want 1.5", got)
	}
}
