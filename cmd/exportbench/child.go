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

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
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
// its peak RSS is the export's plus the runtime's. A non-empty profile
// names the file the export's CPU profile goes to.
func childExport(path, profile string, stdout io.Writer) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	stopProfile, err := bench.StartProfile(profile)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	sampler := startSampler()
	start := time.Now()
	n, err := db.Export(io.Discard, store.ExportFilter{})
	took := time.Since(start)
	peaks := sampler.peaks()
	err = errors.Join(err, stopProfile(), db.Close())
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(childResult{Articles: n, Seconds: took.Seconds(), PeakAnon: peaks.anon, PeakFile: peaks.file})
}

// row is one archive size's figures.
type row struct {
	articles  int
	build     time.Duration // 0 when the archive was reused
	fileBytes int64
	export    childResult
	peakRSS   int64 // bytes; 0 when unknown
}

// measureSize builds an archive of n articles, or with o.reuse takes the
// one an earlier run left, and exports it in a child.
func measureSize(ctx context.Context, dir string, n int, o options, stderr io.Writer) (row, error) {
	path := filepath.Join(dir, fmt.Sprintf("archive-%d.db", n))
	r, err := prepareArchive(ctx, path, n, o, stderr)
	if err != nil {
		return row{}, err
	}
	if size, err := store.ArchiveSize(path); err == nil {
		r.fileBytes = size
	}
	profile := ""
	if o.profile != "" {
		profile = fmt.Sprintf("%s-%d.pprof", o.profile, n)
	}
	r.export, r.peakRSS, err = runChild(ctx, path, profile)
	if err != nil {
		return row{}, fmt.Errorf("export %d articles: %w", n, err)
	}
	if r.export.Articles != n {
		return row{}, fmt.Errorf("export %d articles: exported %d", n, r.export.Articles)
	}
	return r, nil
}

// prepareArchive builds the archive of n articles at path, unless o.reuse
// is set and the file exists. The count is checked after the export, so a
// reused archive of another size is an error there.
func prepareArchive(ctx context.Context, path string, n int, o options, stderr io.Writer) (row, error) {
	r := row{articles: n}
	if o.reuse {
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintf(stderr, "reusing %s; exporting\n", path)
			return r, nil
		}
	}
	fmt.Fprintf(stderr, "building %d articles in %s\n", n, path)
	for _, p := range []string{path, store.CapturesPath(path)} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return row{}, err // an archive left by an earlier run would be added to
		}
	}
	start := time.Now()
	if err := buildArchive(ctx, path, n, o.captures); err != nil {
		return row{}, fmt.Errorf("build %d articles: %w", n, err)
	}
	r.build = time.Since(start)
	fmt.Fprintf(stderr, "built in %v; exporting\n", r.build.Round(time.Millisecond))
	return r, nil
}

// runChild runs this binary again with -child path and returns its result
// and peak RSS. A non-empty profile is the child's CPU profile file.
func runChild(ctx context.Context, path, profile string) (childResult, int64, error) {
	self, err := os.Executable()
	if err != nil {
		return childResult{}, 0, err
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, self, "-child", path, "-cpuprofile", profile)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return childResult{}, 0, fmt.Errorf("child: %w: %s", err, errb.String())
	}
	var res childResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		return childResult{}, 0, fmt.Errorf("child output %q: %w", out.String(), err)
	}
	return res, bench.ChildUsage(cmd.ProcessState).PeakRSS, nil
}
