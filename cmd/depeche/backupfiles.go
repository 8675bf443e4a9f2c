package main

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// extract writes the two files of a backup stream (as store.Backup makes
// it) into d, each first under a temporary name, synced, then renamed
// when the stream ended well and whole, when set, finds nothing wrong with
// it: a copy cut short leaves no file that looks whole.
func (d backupDest) extract(r io.Reader, whole func() error) error {
	tr := tar.NewReader(r)
	var written []string // temporary files, renamed at the end
	defer func() {
		for _, tmp := range written {
			os.Remove(tmp) // gone after a rename: nothing to remove
		}
	}()
	want := map[string]string{filepath.Base(d.archive): d.archive, filepath.Base(d.captures): d.captures}
	final := map[string]string{}
	for len(final) < len(want) {
		h, err := tr.Next()
		if err != nil {
			return fmt.Errorf("read backup stream: %w", unexpectedEnd(err))
		}
		if _, ok := want[h.Name]; !ok || final[h.Name] != "" || h.Typeflag != tar.TypeReg {
			return fmt.Errorf("read backup stream: unexpected entry %q", h.Name)
		}
		tmp, err := d.writeTemp(tr, h.Size)
		if tmp != "" {
			written = append(written, tmp)
		}
		if err != nil {
			return err
		}
		final[h.Name] = tmp
	}
	if err := endOfStream(tr, r); err != nil {
		return err
	}
	if whole != nil {
		if err := whole(); err != nil {
			return err
		}
	}
	return d.commit(want, final)
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

// writeTemp copies size bytes of r into a new temporary file in d.dir and
// syncs it.
func (d backupDest) writeTemp(r io.Reader, size int64) (string, error) {
	f, err := os.CreateTemp(d.dir, ".depeche-backup-*")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	n, err := io.Copy(f, r)
	if err == nil && n != size {
		err = fmt.Errorf("%d bytes of %d", n, size)
	}
	if err == nil {
		err = f.Sync()
	}
	if err = errors.Join(err, f.Close()); err != nil {
		return f.Name(), fmt.Errorf("backup to %s: %w", d.dir, unexpectedEnd(err))
	}
	return f.Name(), nil
}

// commit renames each temporary file to its name, the captures file
// first: the bbolt file appears last, when the copy is whole.
func (d backupDest) commit(want, final map[string]string) error {
	for _, name := range []string{filepath.Base(d.captures), filepath.Base(d.archive)} {
		if err := os.Rename(final[name], want[name]); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if dir, err := os.Open(d.dir); err == nil {
		err = errors.Join(dir.Sync(), dir.Close())
		if err != nil {
			return fmt.Errorf("backup: sync %s: %w", d.dir, err)
		}
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
