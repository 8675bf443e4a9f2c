package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// lockedArchive creates an archive, holds it open for writing as a daemon
// would until the test ends, and writes a config for it listening on
// listen. Opening the archive again, even in this process, finds it
// locked.
func lockedArchive(t *testing.T, listen string) (cfg, dir string) {
	t.Helper()
	dir = t.TempDir()
	path := filepath.Join(dir, "archive.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg = filepath.Join(dir, "depeche.yaml")
	body := fmt.Sprintf("archive: %s\nlisten: %q\n", path, listen)
	if err := os.WriteFile(cfg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return cfg, dir
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// TestExportThroughDaemonFailures checks that an export the daemon cannot
// give whole fails, leaves no file, and says why; and that the archive's
// lock stays the error when no daemon answers.
func TestExportThroughDaemonFailures(t *testing.T) {
	t.Parallel()
	const line = `{"schema":"depeche.article/1","id":1}` + "\n"
	tests := []struct {
		name    string
		daemon  http.HandlerFunc // nil: nothing listens
		locked  bool             // the error still satisfies ErrLocked
		message string
	}{
		{"nothing-listens", nil, true, "no export from a daemon"},
		{"wrong-token", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "a bearer token is required", http.StatusUnauthorized)
		}, true, "401 Unauthorized"},
		{"stream-aborted", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", api.TrailerExported)
			io.WriteString(w, line)
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}, false, "unexpected EOF"},
		{"stream-ends-without-trailer", func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, line)
		}, false, "ended early"},
		{"daemon-reports-failure", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Trailer", api.TrailerExportError)
			io.WriteString(w, line)
			w.Header().Set(api.TrailerExportError, "export: read article 2: disk on fire")
		}, false, "disk on fire"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listen := closedPort(t)
			if tt.daemon != nil {
				srv := httptest.NewServer(tt.daemon)
				defer srv.Close()
				listen = srv.Listener.Addr().String()
			}
			cfg, dir := lockedArchive(t, listen)
			out := filepath.Join(dir, "export.jsonl")
			_, _, err := cli(t, "export", "-config", cfg, "-o", out)
			if err == nil || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("export: err %v, want one saying %q", err, tt.message)
			}
			if errors.Is(err, store.ErrLocked) != tt.locked {
				t.Errorf("errors.Is(err, ErrLocked) = %v, want %v", !tt.locked, tt.locked)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 3 {
				t.Errorf("the directory holds %v, want only the archive, its captures file and the config", entries)
			}
		})
	}
}
