package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

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

// openCaptures opens the captures file of the archive at path, whose
// bbolt file is b, at the end b committed. A captures file of another
// kind makes the archive not one of ours.
func openCaptures(b *bbolt.DB, path string, readOnly bool) (*captures.File, error) {
	var end int64
	err := b.View(func(tx *bbolt.Tx) error {
		end = capturesEnd(bucketsOf(tx))
		return nil
	})
	if err != nil {
		return nil, err
	}
	f, err := captures.Open(CapturesPath(path), end, readOnly)
	if errors.Is(err, captures.ErrFormat) {
		return nil, fmt.Errorf("%w: %w", errNotArchive, err)
	}
	return f, err
}
