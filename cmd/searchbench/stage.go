package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// defaultStage is where the archive is built before it is moved to -dir:
// memory, where a commit's fsync costs nothing. Built on a disk, the
// archive waits for a sync every 64 saves (the store's batch) and fills at
// about a hundred articles a second; the measures are taken once it is on
// -dir's disk.
const defaultStage = "/dev/shm"

// buildStaged builds the archive of n articles of c in a new directory
// under stage, then moves its files to path; an empty stage builds it at
// path.
func buildStaged(ctx context.Context, path, stage string, c corpus, n int, now time.Time) error {
	if stage == "" {
		return buildArchive(ctx, path, c, n, now)
	}
	dir, err := os.MkdirTemp(stage, "searchbench-build")
	if err != nil {
		return fmt.Errorf("stage the archive: %w", err)
	}
	defer os.RemoveAll(dir)
	staged := filepath.Join(dir, filepath.Base(path))
	if err := buildArchive(ctx, staged, c, n, now); err != nil {
		return err
	}
	for _, name := range []func(string) string{func(p string) string { return p }, store.CapturesPath} {
		if err := moveFile(name(staged), name(path)); err != nil {
			return fmt.Errorf("move the staged archive: %w", err)
		}
	}
	return nil
}

// moveFile copies from to to, syncs it, and removes from: a rename cannot
// cross from memory to a disk.
func moveFile(from, to string) (err error) {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err = io.Copy(out, in); err == nil {
		err = out.Sync()
	}
	if err = errors.Join(err, out.Close()); err != nil {
		return err
	}
	return os.Remove(from)
}

// stageDefault is defaultStage when this machine has it, else "".
func stageDefault() string {
	if fi, err := os.Stat(defaultStage); err == nil && fi.IsDir() {
		return defaultStage
	}
	return ""
}
