package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/depeche-archiver/depeche/internal/atomicfile"
)

// extract writes the two files of a backup stream (as store.Backup makes
// it) into d. Each is written whole before it takes its name, and both
// take their names only when the stream ended well and whole, when set,
// finds nothing wrong with it: a copy cut short leaves no file that looks
// whole.
func (d backupDest) extract(r io.Reader, whole func() error) error {
	tr := tar.NewReader(r)
	files := map[string]*atomicfile.File{} // by entry name
	defer func() {
		for _, f := range files {
			f.Discard() // a committed file stays
		}
	}()
	want := map[string]string{filepath.Base(d.archive): d.archive, filepath.Base(d.captures): d.captures}
	for len(files) < len(want) {
		h, err := tr.Next()
		if err != nil {
			return fmt.Errorf("read backup stream: %w", unexpectedEnd(err))
		}
		if _, ok := want[h.Name]; !ok || files[h.Name] != nil || h.Typeflag != tar.TypeReg {
			return fmt.Errorf("read backup stream: unexpected entry %q", h.Name)
		}
		f, err := writeEntry(tr, want[h.Name], h.Size)
		if f != nil {
			files[h.Name] = f
		}
		if err != nil {
			return err
		}
	}
	if err := endOfStream(tr, r); err != nil {
		return err
	}
	if whole != nil {
		if err := whole(); err != nil {
			return err
		}
	}
	// The captures file first: the bbolt file appears last, when the copy
	// is whole.
	for _, name := range []string{filepath.Base(d.captures), filepath.Base(d.archive)} {
		if err := files[name].CommitNew(); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	return nil
}

// writeEntry copies the size bytes of a tar entry into a new file that
// will take the name path when committed; the caller discards it.
func writeEntry(r io.Reader, path string, size int64) (*atomicfile.File, error) {
	f, err := atomicfile.Create(path, 0o600)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	n, err := io.Copy(f, r)
	if err == nil && n != size {
		err = fmt.Errorf("%d bytes of %d", n, size)
	}
	if err != nil {
		return f, fmt.Errorf("backup to %s: %w", path, unexpectedEnd(err))
	}
	return f, nil
}

// endOfStream reads the end of a backup stream, the tar's and then the
// stream's own, where a writer that failed after the files says so.
func endOfStream(tr *tar.Reader, r io.Reader) error {
	h, err := tr.Next()
	if err == nil {
		return fmt.Errorf("read backup stream: unexpected entry %q", h.Name)
	}
	if err == io.EOF {
		_, err = io.Copy(io.Discard, r)
	}
	if err != nil {
		return fmt.Errorf("read backup stream: %w", unexpectedEnd(err))
	}
	return nil
}

// unexpectedEnd names a stream that stopped before the backup was whole.
func unexpectedEnd(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("the stream ended before the backup was whole: %w", err)
	}
	return err
}
