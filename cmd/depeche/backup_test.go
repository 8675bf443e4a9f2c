package main

import (
	"archive/tar"
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/api"
)

// tarOf is a tar stream of the named files with the given bodies.
func tarOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for i := 0; i < len(files); i += 2 {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: files[i], Size: int64(len(files[i+1])), Mode: 0o600}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(files[i+1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBackupThroughDaemonFailures checks that a backup the daemon cannot
// give whole fails, says why, and leaves no file in the directory.
func TestBackupThroughDaemonFailures(t *testing.T) {
	t.Parallel()
	whole := tarOf(t, "archive.db", "bbolt bytes", "archive.db.captures", "pages")
	tests := []struct {
		name    string
		daemon  http.HandlerFunc
		message string
	}{
		{"stream-cut-in-a-file", func(w http.ResponseWriter, r *http.Request) {
			w.Write(whole[:600])
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}, "the stream ended before the backup was whole"},
		{"stream-ends-without-trailer", func(w http.ResponseWriter, r *http.Request) {
			w.Write(whole)
		}, "ended early"},
		{"daemon-reports-failure", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", api.TrailerBackupError)
			w.Write(whole)
			w.Header().Set(api.TrailerBackupError, "captures file is missing")
		}, "captures file is missing"},
		{"unexpected-file", func(w http.ResponseWriter, r *http.Request) {
			w.Write(tarOf(t, "archive.db", "bbolt bytes", "../../etc/passwd", "x"))
		}, `unexpected entry "../../etc/passwd"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.daemon)
			defer srv.Close()
			cfg, _ := lockedArchive(t, srv.Listener.Addr().String())
			out := filepath.Join(t.TempDir(), "copy")
			_, _, err := cli(t, "backup", "-config", cfg, "-o", out)
			if err == nil || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("backup: err %v, want one saying %q", err, tt.message)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("the directory holds %v after a failed backup, want nothing", entries)
			}
		})
	}
}
