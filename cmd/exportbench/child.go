package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// childResult is what the child export prints, as JSON, for the parent.
type childResult struct {
	Articles int     `json:"articles"`
	Seconds  float64 `json:"seconds"`
	PeakAnon int64   `json:"peak_anon"` // bytes of anonymous memory (heap, stacks)
	PeakFile int64   `json:"peak_file"` // bytes of file-backed memory (binary, the archive's mmap)
}

// childExport opens the archive at path read-only, exports it as JSONL to
// io.Discard and prints a childResult. It is the whole child process, so
// its peak RSS is the export's plus the runtime's.
func childExport(path string, stdout io.Writer) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	sampler := startSampler()
	start := time.Now()
	n, err := db.Export(io.Discard, store.ExportFilter{})
	took := time.Since(start)
	peaks := sampler.peaks()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(childResult{Articles: n, Seconds: took.Seconds(), PeakAnon: peaks.anon, PeakFile: peaks.file})
}

// row is one archive size's figures.
type row struct {
	articles  int
	build     time.Duration
	fileBytes int64
	export    childResult
	peakRSS   int64 // bytes; 0 when unknown
}

// measureSize builds an archive of n articles and exports it in a child.
func measureSize(ctx context.Context, dir string, n int, captures bool, stderr io.Writer) (row, error) {
	path := filepath.Join(dir, fmt.Sprintf("archive-%d.db", n))
	fmt.Fprintf(stderr, "building %d articles in %s\n", n, path)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return row{}, err // an archive left by an earlier run would be added to
	}
	start := time.Now()
	if err := buildArchive(ctx, path, n, captures); err != nil {
		return row{}, fmt.Errorf("build %d articles: %w", n, err)
	}
	r := row{articles: n, build: time.Since(start)}
	if fi, err := os.Stat(path); err == nil {
		r.fileBytes = fi.Size()
	}
	fmt.Fprintf(stderr, "built in %v; exporting\n", r.build.Round(time.Millisecond))
	var err error
	r.export, r.peakRSS, err = runChild(ctx, path)
	if err != nil {
		return row{}, fmt.Errorf("export %d articles: %w", n, err)
	}
	if r.export.Articles != n {
		return row{}, fmt.Errorf("export %d articles: exported %d", n, r.export.Articles)
	}
	return r, nil
}

// runChild runs this binary again with -child path and returns its result
// and peak RSS.
func runChild(ctx context.Context, path string) (childResult, int64, error) {
	self, err := os.Executable()
	if err != nil {
		return childResult{}, 0, err
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, self, "-child", path)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return childResult{}, 0, fmt.Errorf("child: %w: %s", err, errb.String())
	}
	var res childResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return childResult{}, 0, fmt.Errorf("child output %q: %w", out.String(), err)
	}
	return res, peakRSS(cmd.ProcessState), nil
}
