package store

import (
	"archive/tar"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"go.etcd.io/bbolt"
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
// ones the copy refers to, whatever is written meanwhile. Only the bbolt
// copy runs inside the transaction, which, while it lasts, makes a writer
// that must grow the file wait.
func (db *DB) Backup(w io.Writer, name string) (BackupStats, error) {
	var st BackupStats
	tw := tar.NewWriter(w)
	now := time.Now()
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		st.ArchiveBytes, st.CapturesBytes = tx.Size(), capturesEnd(bucketsOf(tx))
		if err := tw.WriteHeader(backupHeader(filepath.Base(name), st.ArchiveBytes, now)); err != nil {
			return err
		}
		_, err := tx.WriteTo(tw)
		return err
	})
	if err == nil {
		err = db.backupCaptures(tw, filepath.Base(name), &st, now)
	}
	if err == nil {
		err = tw.Close()
	}
	if err != nil {
		return st, fmt.Errorf("back up archive %s: %w", db.path, err)
	}
	return st, nil
}

// backupCaptures writes the captures file up to st.CapturesBytes, or, for
// an archive without any, the magic alone: a captures file a writer opens
// as new.
func (db *DB) backupCaptures(tw *tar.Writer, name string, st *BackupStats, now time.Time) error {
	if st.CapturesBytes > 0 && db.captures.f == nil {
		return fmt.Errorf("captures file %s is missing: the copy would have none of its pages", db.captures.path)
	}
	if st.CapturesBytes == 0 {
		st.CapturesBytes = int64(len(captureMagic))
		if err := tw.WriteHeader(backupHeader(CapturesPath(name), st.CapturesBytes, now)); err != nil {
			return err
		}
		_, err := io.WriteString(tw, captureMagic)
		return err
	}
	if err := tw.WriteHeader(backupHeader(CapturesPath(name), st.CapturesBytes, now)); err != nil {
		return err
	}
	n, err := io.Copy(tw, io.NewSectionReader(db.captures.f, 0, st.CapturesBytes))
	if err == nil && n < st.CapturesBytes {
		err = fmt.Errorf("captures file %s: %d bytes, the archive committed %d", db.captures.path, n, st.CapturesBytes)
	}
	return err
}

// backupHeader is the tar header of one file of a backup.
func backupHeader(name string, size int64, mod time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: mod, Format: tar.FormatPAX}
}
