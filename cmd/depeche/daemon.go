package main

import (
	"context"
	"errors"
	"io"

	"github.com/depeche-archiver/depeche/store"
)

func runDaemon(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[-config FILE]",
		"Polls each feed on its interval and archives new articles until SIGINT or SIGTERM.", stderr)
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	db, err := store.Open(cfg.Archive, store.Options{})
	if err != nil {
		return err
	}
	c, err := newCrawler(cfg, db, log)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	fl, err := feeds(cfg, "")
	if err != nil {
		return errors.Join(err, db.Close())
	}
	log.Info("depeche started", "archive", cfg.Archive, "feeds", len(fl))
	err = c.Run(ctx, fl)
	log.Info("depeche stopping", "reason", context.Cause(ctx))
	return errors.Join(err, db.Close())
}
