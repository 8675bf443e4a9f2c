package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// lastErrorWidth is how much of a feed's last error the table shows.
const lastErrorWidth = 60

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("status", "[-config FILE] [-json]",
		"Prints each configured feed's state: from the running daemon through its listener\n"+
			"when one answers, else from the archive. The first line says which; with -json\n"+
			"it goes to stderr and stdout holds the JSON array /feeds serves.", stderr)
	cfgPath := configFlag(fs)
	asJSON := fs.Bool("json", false, "print the feeds as a JSON array")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	fl, err := feeds(cfg, "")
	if err != nil {
		return err
	}
	rows, source, err := statusRows(ctx, cfg, fl)
	if err != nil {
		return err
	}
	if *asJSON {
		fmt.Fprintln(stderr, source)
		return writeStatusJSON(stdout, rows)
	}
	fmt.Fprintln(stdout, source)
	return writeStatusTable(stdout, rows, time.Local)
}

// statusRows asks the running daemon for the feeds' states and, when none
// answers, reads them from the archive. It returns the rows and a line
// saying where they came from.
func statusRows(ctx context.Context, cfg *config.Config, fl []crawler.Feed) ([]api.FeedStatus, string, error) {
	var daemonErr error
	if d := api.NewClient(cfg.Listen, cfg.Token); d != nil {
		rows, err := d.Feeds(ctx)
		if err == nil {
			return rows, "from the running daemon at " + d.String(), nil
		}
		daemonErr = fmt.Errorf("no daemon answered at %s: %w", d, err)
	}
	rows, err := archiveStatus(cfg.Archive, fl)
	if err != nil {
		return nil, "", errors.Join(err, daemonErr)
	}
	return rows, "from the archive " + cfg.Archive, nil
}

// archiveStatus reads the feeds' states from the archive at path.
func archiveStatus(path string, fl []crawler.Feed) ([]api.FeedStatus, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true, Upgrade: true})
	if err != nil {
		return nil, err
	}
	rows, err := api.FeedStatuses(db.FeedStates, db.Coverage, fl)
	return rows, errors.Join(err, db.Close())
}

// writeStatusJSON writes rows as /feeds serves them.
func writeStatusJSON(w io.Writer, rows []api.FeedStatus) error {
	return json.NewEncoder(w).Encode(rows)
}

// writeStatusTable writes one line per feed, times in loc.
func writeStatusTable(w io.Writer, rows []api.FeedStatus, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATE\tLAST SUCCESS\tNEXT CHECK\tERRORS\tLAST ERROR\tARTICLES")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%d\n", r.Name, r.State,
			tableTime(r.LastSuccess, loc), tableTime(r.NextCheck, loc),
			r.ConsecutiveErrors, truncate(r.LastError, lastErrorWidth), r.Articles)
	}
	return tw.Flush()
}

// tableTime formats t for the table, "-" when zero.
func tableTime(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// truncate puts s on one line, with runs of white space made one space,
// and shortens it to n runes, marking the cut; "-" when empty.
func truncate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}
