package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/depeche-archiver/depeche/store"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "[-config FILE] [-repair]",
		"Verifies the archive: every record decodes, the indexes agree with the records,\n"+
			"every stored page matches its hash, the article count is right. Prints each\n"+
			"problem and exits 1 when any is left. -repair rebuilds the indexes and the count\n"+
			"from the records; a damaged record or page cannot be rebuilt. The daemon must be\n"+
			"stopped.", stderr)
	cfgPath := configFlag(fs)
	repair := fs.Bool("repair", false, "rebuild what can be rebuilt")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("check takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	db, err := store.Open(cfg.Archive, store.Options{ReadOnly: !*repair, Upgrade: true})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("check needs the archive and a daemon (depeche run) holds it: stop it first (%w)", err)
	}
	if err != nil {
		return err
	}
	r, err := db.Check(*repair)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, "problem:", p)
	}
	fmt.Fprintf(stdout, "check: %d articles, %d pages verified, %d problems, %d repaired\n", r.Articles, r.Captures, len(r.Problems), r.Repaired)
	if p := r.CapturesFile; p.Committed > 0 {
		fmt.Fprintf(stdout, "captures file: %d bytes committed, %d of them referenced by no page, %d bytes past the committed end\n",
			p.Committed, p.Unreferenced, p.Uncommitted)
	}
	if err := db.Close(); err != nil {
		return err
	}
	if left := len(r.Problems) - r.Repaired; left > 0 {
		return fmt.Errorf("check: %d problems left", left)
	}
	return nil
}
