package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is a file being written under a temporary name beside its final
// one, which it takes only on Commit or CommitNew.
type File struct {
	tmp  *os.File
	path string
	perm fs.FileMode
	done bool // committed or discarded
}

// Create starts the file that Commit will put at path with permissions
// perm. Nothing exists at path until then.
func Create(path string, perm fs.FileMode) (*File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	return &File{tmp: tmp, path: path, perm: perm}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Name is the final name of the file.
func (f *File) Name() string { return f.path }

// Commit syncs the file and renames it to its final name, replacing any
// file there, then syncs the directory. On error the temporary file is
// removed and the final name left as it was.
func (f *File) Commit() error {
	return f.finish(func() error { return os.Rename(f.tmp.Name(), f.path) })
}

// CommitNew is Commit for a name that must not exist yet: when a file is
// there, it fails with an error that satisfies errors.Is(err,
// fs.ErrExist) and leaves that file as it was.
func (f *File) CommitNew() error {
	return f.finish(func() error {
		if err := os.Link(f.tmp.Name(), f.path); err != nil {
			return err
		}
		return os.Remove(f.tmp.Name())
	})
}

// finish makes the file durable, gives it its name with place, and makes
// the name durable.
func (f *File) finish(place func() error) error {
	if f.done {
		return fmt.Errorf("write %s: already committed or discarded", f.path)
	}
	f.done = true
	err := errors.Join(f.tmp.Chmod(f.perm), f.tmp.Sync(), f.tmp.Close())
	if err == nil {
		err = place()
	}
	if err == nil {
		err = syncDir(filepath.Dir(f.path))
	}
	if err != nil {
		os.Remove(f.tmp.Name()) // gone after a rename: nothing to remove
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}

// Discard closes and removes the temporary file, unless the file was
// committed: deferred after Create, it cleans up every failed path.
func (f *File) Discard() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// syncDir makes a rename or link in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}

// WriteFile writes path with perm from what write writes, buffered,
// replacing any file there only once write returned nil and the file is
// on disk.
func WriteFile(path string, perm fs.FileMode, write func(io.Writer) error) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Discard()
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}
