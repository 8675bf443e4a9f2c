package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/internal/api"
)

// reloadTimeout bounds how long "depeche reload" waits for the daemon:
// re-reading a config is quick.
const reloadTimeout = 10 * time.Second

func runReload(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reload", "[-config FILE]",
		"Asks the running daemon to re-read its config file (POST /reload on the listener the\n"+
			"config names; the token when it sets one) and prints what changed. Added feeds start,\n"+
			"removed feeds stop (their articles stay), changed feeds and site rules apply from the\n"+
			"next poll. A config that does not validate is refused and the daemon carries on.\n"+
			"Sending the daemon SIGHUP does the same.", stderr)
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reload takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	d := api.NewClient(cfg.Listen, cfg.Token)
	if d == nil {
		return fmt.Errorf("the config's listen address %q names no port to reach the daemon on; send it SIGHUP instead", cfg.Listen)
	}
	ctx, cancel := context.WithTimeout(ctx, reloadTimeout)
	defer cancel()
	res, err := d.Reload(ctx)
	if err != nil {
		return err
	}
	printReload(stdout, res)
	return nil
}

// printReload prints what a reload changed.
func printReload(w io.Writer, res api.ReloadResult) {
	fmt.Fprintf(w, "reloaded: %d feeds, %d added, %d removed, %d changed\n", res.Feeds, res.Added, res.Removed, res.Changed)
	if len(res.Restart) > 0 {
		fmt.Fprintf(w, "these settings changed but apply only after a restart: %s\n", strings.Join(res.Restart, ", "))
	}
}
