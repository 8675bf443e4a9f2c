package captures

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

// Magic begins every captures file; a file of Magic alone holds no
// capture yet, and a writer opens it as new.
const Magic = "depeche captures 1\n"

// File is an open captures file. Its methods are safe for concurrent use.
type File struct {
	path string
	f    *os.File // nil when a reader found no file

	mu  sync.Mutex // serialises appends, so end counts written bytes
	end int64      // where the next capture goes

	syncMu sync.Mutex   // one sync at a time; the others wait and reuse it
	synced atomic.Int64 // bytes below this are on disk
}

// Open opens the captures file at path for an archive whose committed
// captures end at committed (0 when it has none yet).
//
// A writer creates the file when the archive has no capture yet, refuses
// to go on without it when it has some (ErrMissing), and cuts off anything
// past committed: captures written by a process that stopped before it
// committed them. A reader opens the file as it is, and goes on without
// one when it is missing, so that the rest of the archive stays readable;
// reading a capture then says the file is missing.
func Open(path string, committed int64, readOnly bool) (*File, error) {
	if readOnly {
		return openReader(path)
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && committed > int64(len(Magic)) {
		return nil, fmt.Errorf("%w: %s, where %d bytes of pages were stored; put it back beside the archive "+
			"(copies and backups need both files), or, to go on without those pages, create it empty", ErrMissing, path, committed)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("captures file %s: %w", path, err)
	}
	c := &File{path: path, f: f}
	if err := c.prepare(committed); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

// openReader is Open for a reader.
func openReader(path string) (*File, error) {
	c := &File{path: path}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("captures file %s: %w", path, err)
	}
	c.f = f
	if err := c.checkMagic(); err != nil {
		return nil, errors.Join(err, c.Close())
	}
	return c, nil
}

// prepare writes Magic into a new file, checks it in an old one and sets
// the end of a writer at committed, cutting off what lies past it.
func (c *File) prepare(committed int64) error {
	st, err := c.f.Stat()
	if err != nil {
		return fmt.Errorf("captures file %s: %w", c.path, err)
	}
	if st.Size() == 0 {
		if _, err := c.f.WriteAt([]byte(Magic), 0); err != nil {
			return fmt.Errorf("captures file %s: %w", c.path, err)
		}
	} else if err := c.checkMagic(); err != nil {
		return err
	}
	c.end = max(committed, int64(len(Magic)))
	if st.Size() > c.end {
		if err := c.f.Truncate(c.end); err != nil {
			return fmt.Errorf("captures file %s: cut uncommitted captures: %w", c.path, err)
		}
	}
	return nil
}

// checkMagic verifies that the open file begins as a captures file does.
func (c *File) checkMagic() error {
	buf := make([]byte, len(Magic))
	if _, err := c.f.ReadAt(buf, 0); err != nil || string(buf) != Magic {
		return fmt.Errorf("captures file %s: %w", c.path, ErrFormat)
	}
	return nil
}

// Append writes a capture's record, as Codec.Pack makes it, at the end of
// the file and returns where it is. The capture is not durable until a
// Sync covers it.
func (c *File) Append(rec []byte) (Ref, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.f.WriteAt(rec, c.end); err != nil {
		return Ref{}, fmt.Errorf("write capture to %s: %w", c.path, err)
	}
	ref := Ref{Offset: c.end, Length: uint32(len(rec) - lenSize)}
	c.end += int64(len(rec))
	return ref, nil
}

// Sync makes every capture that ends at or before end durable. Callers
// that arrive while another sync runs wait for it and return at once when
// it covered them: one fdatasync serves every capture written before it.
func (c *File) Sync(end int64) error {
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

// Read returns the compressed capture at ref, for Codec.Unpack.
func (c *File) Read(ref Ref) ([]byte, error) {
	if err := c.present(); err != nil {
		return nil, err
	}
	buf := make([]byte, lenSize+int(ref.Length))
	if _, err := c.f.ReadAt(buf, ref.Offset); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the file ends before it")
		}
		return nil, fmt.Errorf("read capture at %d of %s: %w", ref.Offset, c.path, err)
	}
	if n := binary.BigEndian.Uint32(buf); n != ref.Length {
		return nil, fmt.Errorf("read capture at %d of %s: %d bytes there, %d recorded", ref.Offset, c.path, n, ref.Length)
	}
	return buf[lenSize:], nil
}

// CopyTo writes the first n bytes of the file to w: the committed part,
// for a backup, read while writers append past it.
func (c *File) CopyTo(w io.Writer, n int64) error {
	if err := c.present(); err != nil {
		return err
	}
	got, err := io.Copy(w, io.NewSectionReader(c.f, 0, n))
	if err != nil {
		return fmt.Errorf("copy %s: %w", c.path, err)
	}
	if got < n {
		return fmt.Errorf("captures file %s: %d bytes, %d committed", c.path, got, n)
	}
	return nil
}

// present returns an error naming the file when a reader found none.
func (c *File) present() error {
	if c.f == nil {
		return fmt.Errorf("captures file %s is missing", c.path)
	}
	return nil
}

// Size is the file's size now, and whether it could be read.
func (c *File) Size() (int64, bool) {
	if c.f == nil {
		return 0, false
	}
	st, err := c.f.Stat()
	if err != nil {
		return 0, false
	}
	return st.Size(), true
}

// Close closes the file. Every committed capture was synced before its
// article was committed, so there is nothing left to sync.
func (c *File) Close() error {
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
