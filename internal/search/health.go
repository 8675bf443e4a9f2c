package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrNotWritten is an index whose batches are not reaching its directory:
// bleve retries the write on its own, without telling anyone, so the
// index is searchable but would lose what it holds at a restart, and its
// cursor on disk stays behind.
var ErrNotWritten = errors.New("what was indexed is not being written to disk")

// checkWrites is how often a wait for a batch's write looks at whether
// bleve failed to write it.
const checkWrites = time.Second

// probeName is the probe's file in the index's directory: the same each
// time, so that the same cause reads the same.
const probeName = "depeche-probe"

// probeSize is the bytes written to find why the index cannot write:
// more than a block, so that a full disk says so.
const probeSize = 1 << 20

// health is why an index cannot keep up, nil while it can.
type health struct {
	mu        sync.Mutex
	err       error
	unwritten <-chan error // the last batch not known to be on disk
}

// Health is nil while the index keeps up with the archive, else the error
// that stops it (ErrNotWritten, with the cause, when its directory takes
// no writes). It clears once a catch up goes through.
func (ix *Index) Health() error {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	return ix.health.err
}

// setHealth records the outcome of a catch up.
func (ix *Index) setHealth(err error) {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	ix.health.err = err
}

// waitWritten returns the outcome of a batch's write; nil for no batch.
// It returns ErrNotWritten, with the cause, when bleve failed to write
// since the wait began (it goes on trying: the channel stays in
// ix.health for the next catch up to wait for), and gives up when ctx
// ends: a stopping daemon must not wait for a disk.
func (ix *Index) waitWritten(ctx context.Context, written <-chan error) error {
	if written == nil {
		return nil
	}
	failed := ix.writeFailures()
	t := time.NewTicker(checkWrites)
	defer t.Stop()
	for {
		select {
		case err := <-written:
			return err
		case <-ctx.Done():
			return fmt.Errorf("wait for the index to be written: %w", ctx.Err())
		case <-t.C:
		}
		if ix.writeFailures() > failed {
			ix.health.mu.Lock()
			ix.health.unwritten = written
			ix.health.mu.Unlock()
			return ix.notWritten()
		}
	}
}

// notWritten is ErrNotWritten for this index, with the cause a probe
// finds.
func (ix *Index) notWritten() error {
	if cause := ix.probe(); cause != nil {
		return fmt.Errorf("index %s: %w: %w", ix.path, ErrNotWritten, cause)
	}
	return fmt.Errorf("index %s: %w (a probe write to its directory went through: bleve tries again)", ix.path, ErrNotWritten)
}

// takeUnwritten returns the write an earlier catch up left unconfirmed.
func (ix *Index) takeUnwritten() <-chan error {
	ix.health.mu.Lock()
	defer ix.health.mu.Unlock()
	w := ix.health.unwritten
	ix.health.unwritten = nil
	return w
}

// writeFailures is how many times bleve failed to write a snapshot of
// the index since it was opened.
func (ix *Index) writeFailures() uint64 {
	stats, _ := ix.idx.StatsMap()["index"].(map[string]any)
	n, _ := stats["TotPersistLoopErr"].(uint64)
	return n
}

// probe writes and syncs a file of probeSize in the index's directory
// and removes it, to find the cause bleve keeps to itself (a full disk, a
// file size limit, a directory gone or read-only). nil: the directory
// takes writes again, and bleve's next try should go through.
func (ix *Index) probe() error {
	name := filepath.Join(ix.path, probeName)
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	defer os.Remove(name)
	_, err = f.Write(make([]byte, probeSize))
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	return nil
}
