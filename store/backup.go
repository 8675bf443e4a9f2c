package store

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// BackupStats says what Backup wrote.
type BackupStats struct {
	ArchiveBytes  int64 // the bbolt file
	CapturesBytes int64 // the committed part of the captures file
}

// Backup writes a consistent copy of the archive to w while it stays open
// for reading and writing: a tar stream of two regular files, name (the
// bbolt file as of one read transaction) and CapturesPath(name) (the
// captures file up to the end that transaction committed). Captures are
// appended and never rewritten, so the bytes before that end are the
// ones the copy refers to, whatever is written meanwhile.
//
// The transaction copies the bbolt file to a temporary file (beside the
// archive, else in the system's temporary directory) and ends; w, which
// may be a slow client, is written after it. While the transaction lasts,
// a writer that must grow the archive waits.
func (db *DB) Backup(w io.Writer, name string) (BackupStats, error) {
	st, err := db.backup(w, filepath.Base(name))
	if err != nil {
		return st, fmt.Errorf("back up archive %s: %w", db.path, err)
	}
	return st, nil
}

// backup writes the tar stream of Backup, its files named base and
// CapturesPath(base).
func (db *DB) backup(w io.Writer, base string) (BackupStats, error) {
	var st BackupStats
	snap, err := snapshotFile(filepath.Dir(db.path))
	if err != nil {
		return st, err
	}
	defer os.Remove(snap.Name())
	defer snap.Close()
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		st.ArchiveBytes, st.CapturesBytes = tx.Size(), capturesEnd(bucketsOf(tx))
		_, err := tx.WriteTo(snap)
		return err
	})
	if err != nil {
		return st, err
	}
	now := time.Now()
	tw := tar.NewWriter(w)
	if err := tw.WriteHeader(backupHeader(base, st.ArchiveBytes, now)); err != nil {
		return st, err
	}
	if _, err := io.Copy(tw, io.NewSectionReader(snap, 0, st.ArchiveBytes)); err != nil {
		return st, err
	}
	if err := db.backupCaptures(tw, base, &st, now); err != nil {
		return st, err
	}
	return st, tw.Close()
}

// snapshotFile creates the temporary file of a backup's bbolt copy in dir,
// or in the system's temporary directory where dir takes no new file (an
// archive on a read-only mount).
func snapshotFile(dir string) (*os.File, error) {
	f, err := os.CreateTemp(dir, ".depeche-backup-*")
	if err == nil {
		return f, nil
	}
	f, err2 := os.CreateTemp("", "depeche-backup-*")
	if err2 != nil {
		return nil, fmt.Errorf("temporary copy: %w", errors.Join(err, err2))
	}
	return f, nil
}

// backupCaptures writes the captures file up to st.CapturesBytes, or, for
// an archive without any, the magic alone: a captures file a writer opens
// as new.
func (db *DB) backupCaptures(tw *tar.Writer, name string, st *BackupStats, now time.Time) error {
	empty := st.CapturesBytes == 0
	if empty {
		st.CapturesBytes = int64(len(captures.Magic))
	}
	if err := tw.WriteHeader(backupHeader(CapturesPath(name), st.CapturesBytes, now)); err != nil {
		return err
	}
	if empty {
		_, err := io.WriteString(tw, captures.Magic)
		return err
	}
	return db.captures.CopyTo(tw, st.CapturesBytes)
}

// backupHeader is the tar header of one file of a backup.
func backupHeader(name string, size int64, mod time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: mod, Format: tar.FormatPAX}
}
