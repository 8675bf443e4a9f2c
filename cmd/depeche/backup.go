package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "[-config FILE] -o DIR",
		"Copies the archive, its bbolt file and its captures file, into DIR, consistent as\n"+
			"of one moment, while the daemon goes on archiving: through its listener when it\n"+
			"holds the archive. DIR is created when missing; files of those names already in\n"+
			"it are not overwritten. The copy is an archive like any other: point a config\n"+
			"at it, or copy it back.", stderr)
	cfgPath := configFlag(fs)
	dir := fs.String("o", "", "the directory to write the copy to (required)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *dir == "" {
		return usagef("backup takes -o DIR and no arguments")
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	dest, err := newBackupDest(*dir, cfg.Archive)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	if err := backupInto(ctx, cfg, dest, log); err != nil {
		return err
	}
	return reportBackup(dest, stdout)
}

// backupInto writes the copy into dest, from the archive or, when a
// daemon holds it, through the daemon's listener.
func backupInto(ctx context.Context, cfg *config.Config, dest backupDest, log *slog.Logger) error {
	db, err := store.Open(cfg.Archive, store.Options{ReadOnly: true, Upgrade: true})
	if errors.Is(err, store.ErrLocked) {
		return backupFromDaemon(ctx, cfg, err, dest, log)
	}
	if err != nil {
		return err
	}
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, err := db.Backup(pw, cfg.Archive)
		pw.CloseWithError(err)
	}()
	err = dest.extract(pr, nil)                                  // Backup's errors come through the pipe
	_ = pr.CloseWithError(errors.New("backup: stopped reading")) // lets Backup end if extract stopped early
	<-done
	return errors.Join(err, db.Close())
}

// backupFromDaemon takes the copy from the daemon that holds the archive
// (lockErr says one does); when none answers, lockErr is the error.
func backupFromDaemon(ctx context.Context, cfg *config.Config, lockErr error, dest backupDest, log *slog.Logger) error {
	d := api.NewClient(cfg.Listen, cfg.Token)
	if d == nil {
		return lockErr
	}
	stream, err := d.Backup(ctx)
	if err != nil {
		return fmt.Errorf("%w; and no backup from a daemon at %s: %v", lockErr, d, err)
	}
	defer stream.Close()
	log.Info("backup through the daemon", "daemon", d.String())
	if err := dest.extract(stream.Body(), stream.Whole); err != nil {
		return fmt.Errorf("backup through the daemon at %s: %w", d, err)
	}
	return nil
}

// reportBackup opens the copy to check that it is an archive, and prints
// what it holds.
func reportBackup(dest backupDest, stdout io.Writer) error {
	db, err := store.Open(dest.archive, store.Options{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("backup written, but it does not open: %w", err)
	}
	n, err := db.Count()
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("backup written, but it does not read: %w", err)
	}
	fmt.Fprintf(stdout, "backup: %d articles in %s and %s\n", n, dest.archive, dest.captures)
	return nil
}

// backupDest is where a backup goes: the two files it writes.
type backupDest struct {
	dir, archive, captures string
}

// newBackupDest creates dir when missing and refuses to overwrite a file
// the copy of archive would write there.
func newBackupDest(dir, archive string) (backupDest, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return backupDest{}, fmt.Errorf("backup: %w", err)
	}
	d := backupDest{dir: dir, archive: filepath.Join(dir, filepath.Base(archive))}
	d.captures = store.CapturesPath(d.archive)
	for _, p := range []string{d.archive, d.captures} {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			return backupDest{}, fmt.Errorf("backup: %s exists (or cannot be checked: %v); choose another directory", p, err)
		}
	}
	return d, nil
}
