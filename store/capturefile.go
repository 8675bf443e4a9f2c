package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
)

// captureMagic begins every captures file.
const captureMagic = "depeche captures 1\n"

// captureHeadLen is the size of the length that precedes each capture in
// the file.
const captureHeadLen = 4

// CapturesPath is the file beside the archive at path that holds its
// captures: the archive's path with ".captures" appended.
func CapturesPath(path string) string { return path + ".captures" }

// ArchiveSize is the size in bytes of the archive at path: its bbolt file
// and its captures file, which may not exist yet.
func ArchiveSize(path string) (int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("archive size: %w", err)
	}
	size := st.Size()
	switch cst, err := os.Stat(CapturesPath(path)); {
	case err == nil:
		size += cst.Size()
	case !errors.Is(err, fs.ErrNotExist):
		return 0, fmt.Errorf("archive size: %w", err)
	}
	return size, nil
}

// captureFile is the archive's append-only file of captures. Each capture
// is its compressed bytes preceded by their length (uint32 big-endian);
// the archive records where each one starts (captureRef) and how far the
// file is committed (meta "captures_end"). Captures are written once and
// read back rarely (re-clean, check, WARC export), so they are read with
// pread, never mapped: unlike the bbolt file, they take no room in the
// process's resident set, and writing one rewrites nothing else.
type captureFile struct {
	path string
	f    *os.File // nil when a read-only archive has no captures file

	mu  sync.Mutex // serialises appends, so end counts written bytes
	end int64      // where the next capture goes

	syncMu sync.Mutex   // one sync at a time; the others wait and reuse it
	synced atomic.Int64 // bytes below this are on disk
}

// openCaptureFile opens the captures file at path for an archive whose
// committed captures end at recorded (0 when it has none yet). A writer
// creates the file when the archive has no capture yet, refuses to go on
// without it when it has some (a new file would silently take the place
// of the pages a copy left behind), and cuts off anything past recorded:
// captures written by a process that stopped before it committed them. A
// reader opens the file as it is, and none at all when it is missing.
func openCaptureFile(path string, recorded int64, readOnly bool) (*captureFile, error) {
	c := &captureFile{path: path}
	if readOnly {
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			return c, nil // reads of captures say it is missing
		}
		if err != nil {
			return nil, fmt.Errorf("captures file %s: %w", path, err)
		}
		c.f = f
		if err := c.checkMagic(); err != nil {
			return nil, errors.Join(err, c.close())
		}
		return c, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && recorded > int64(len(captureMagic)) {
		return nil, fmt.Errorf("%w: %s, where %d bytes of pages were stored; put it back beside the archive "+
			"(copies and backups need both files), or, to go on without those pages, create it empty", ErrCapturesMissing, path, recorded)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	c.f = f
	if err == nil {
		err = c.prepare(recorded)
	}
	if err != nil {
		return nil, errors.Join(err, c.close())
	}
	return c, nil
}

// prepare writes the magic into a new file, checks it in an old one and
// sets the end of a writer at recorded, cutting off what lies past it.
func (c *captureFile) prepare(recorded int64) error {
	st, err := c.f.Stat()
	if err != nil {
		return fmt.Errorf("captures file %s: %w", c.path, err)
	}
	if st.Size() == 0 {
		if _, err := c.f.WriteAt([]byte(captureMagic), 0); err != nil {
			return fmt.Errorf("captures file %s: %w", c.path, err)
		}
	} else if err := c.checkMagic(); err != nil {
		return err
	}
	c.end = max(recorded, int64(len(captureMagic)))
	if st.Size() > c.end {
		if err := c.f.Truncate(c.end); err != nil {
			return fmt.Errorf("captures file %s: cut uncommitted captures: %w", c.path, err)
		}
	}
	return nil
}

// checkMagic verifies that the open file begins as a captures file does.
func (c *captureFile) checkMagic() error {
	buf := make([]byte, len(captureMagic))
	if _, err := c.f.ReadAt(buf, 0); err != nil || string(buf) != captureMagic {
		return fmt.Errorf("captures file %s: %w: it does not begin as a depeche captures file", c.path, ErrNotArchive)
	}
	return nil
}

// append writes a capture's record (its length prefix, then its bytes, as
// pack makes it) at the end of the file and returns where it is. The
// capture is not durable until sync covers it.
func (c *captureFile) append(rec []byte) (captureRef, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.f.WriteAt(rec, c.end); err != nil {
		return captureRef{}, fmt.Errorf("write capture to %s: %w", c.path, err)
	}
	ref := captureRef{offset: c.end, length: uint32(len(rec) - captureHeadLen)}
	c.end += int64(len(rec))
	return ref, nil
}

// sync makes every capture that ends at or before end durable. Callers
// that arrive while another sync runs wait for it and return at once when
// it covered them: one fdatasync serves every capture written before it.
func (c *captureFile) sync(end int64) error {
	if c.synced.Load() >= end {
		return nil
	}
	c.syncMu.Lock()
	defer c.syncMu.Unlock()
	if c.synced.Load() >= end {
		return nil
	}
	c.mu.Lock()
	written := c.end
	c.mu.Unlock()
	if err := c.f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", c.path, err)
	}
	c.synced.Store(written)
	return nil
}

// read returns the compressed capture at ref.
func (c *captureFile) read(ref captureRef) ([]byte, error) {
	if c.f == nil {
		return nil, fmt.Errorf("captures file %s is missing", c.path)
	}
	buf := make([]byte, captureHeadLen+int(ref.length))
	if _, err := c.f.ReadAt(buf, ref.offset); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the file ends before it")
		}
		return nil, fmt.Errorf("read capture at %d of %s: %w", ref.offset, c.path, err)
	}
	if n := binary.BigEndian.Uint32(buf); n != ref.length {
		return nil, fmt.Errorf("read capture at %d of %s: %d bytes there, %d recorded", ref.offset, c.path, n, ref.length)
	}
	return buf[captureHeadLen:], nil
}

// size is the file's size now, and whether it could be read.
func (c *captureFile) size() (int64, bool) {
	if c.f == nil {
		return 0, false
	}
	st, err := c.f.Stat()
	if err != nil {
		return 0, false
	}
	return st.Size(), true
}

// close closes the file. Every committed capture was synced before its
// article was committed, so there is nothing left to sync.
func (c *captureFile) close() error {
	if c.f == nil {
		return nil
	}
	err := c.f.Close()
	c.f = nil
	if err != nil {
		return fmt.Errorf("close %s: %w", c.path, err)
	}
	return nil
}
