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
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// lastErrorWidth is how much of a feed's last error the table shows.
const lastErrorWidth = 60

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("status", "[-config FILE] [-json] [-items [-feed NAME] | -revisits]",
		"Prints each configured feed's state and what became of its items: from the running\n"+
			"daemon through its listener when one answers, else from the archive. The first line\n"+
			"says which; with -json it goes to stderr and stdout holds the JSON array /feeds serves.\n"+
			"-items lists instead the items not archived from their page (pending another try,\n"+
			"archived from the feed's own content, given up) and why, as /items serves them.\n"+
			"-revisits prints the revisits of archived articles by outcome (unchanged, changed,\n"+
			"withdrawn, failed) and how many are to come, as /revisits serves them; the table of\n"+
			"feeds ends with the same line.", stderr)
	cfgPath := configFlag(fs)
	asJSON := fs.Bool("json", false, "print the feeds (or items) as a JSON array")
	items := fs.Bool("items", false, "list the items not archived from their page")
	feed := fs.String("feed", "", "with -items: only that feed's items")
	revisits := fs.Bool("revisits", false, "print the revisit counts")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("status takes no arguments, got %q", fs.Args())
	}
	if *feed != "" && !*items {
		return usagef("-feed goes with -items")
	}
	if *revisits && *items {
		return usagef("-items and -revisits: one at a time")
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	fl, err := feeds(cfg, *feed)
	if err != nil {
		return err
	}
	if *items {
		rows, source, err := itemRows(ctx, cfg, fl, *feed)
		if err != nil {
			return err
		}
		return printStatus(stdout, stderr, source, *asJSON, rows, writeItemsTable)
	}
	if *revisits {
		st, source, err := revisitStatus(ctx, cfg)
		if err != nil {
			return err
		}
		return printRevisits(stdout, stderr, source, *asJSON, st)
	}
	if *asJSON {
		rows, source, err := statusRows(ctx, cfg, fl)
		if err != nil {
			return err
		}
		return printStatus(stdout, stderr, source, true, rows, writeStatusTable)
	}
	v, source, err := statusView(ctx, cfg, fl)
	if err != nil {
		return err
	}
	if err := printStatus(stdout, stderr, source, false, v.feeds, writeStatusTable); err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, revisitLine(v.revisits, time.Local))
	return err
}

// printStatus writes rows, read from source: as JSON with the source line
// on stderr, or as the table writeTable makes, under the source line, with
// times in local time.
func printStatus[T any](stdout, stderr io.Writer, source string, asJSON bool, rows []T,
	writeTable func(io.Writer, []T, *time.Location) error) error {
	if asJSON {
		fmt.Fprintln(stderr, source)
		return json.NewEncoder(stdout).Encode(rows)
	}
	fmt.Fprintln(stdout, source)
	return writeTable(stdout, rows, time.Local)
}

// statusRows asks the running daemon for the feeds' states and, when none
// answers, reads them from the archive. It returns the rows and a line
// saying where they came from.
func statusRows(ctx context.Context, cfg *config.Config, fl []store.Feed) ([]api.FeedStatus, string, error) {
	return fromDaemonOrArchive(ctx, cfg,
		func(d *api.Client) ([]api.FeedStatus, error) { return d.Feeds(ctx) },
		func(db *store.DB) ([]api.FeedStatus, error) { return api.FeedStatuses(db.FeedStates, db.Coverage, fl) })
}

// fromDaemonOrArchive asks the running daemon with ask and, when none
// answers, reads the archive with read. It returns what it got and a line
// saying where from.
func fromDaemonOrArchive[T any](ctx context.Context, cfg *config.Config,
	ask func(*api.Client) (T, error), read func(*store.DB) (T, error)) (T, string, error) {
	var daemonErr error
	if d := api.NewClient(cfg.Listen, cfg.Token); d != nil {
		v, err := ask(d)
		if err == nil {
			return v, "from the running daemon at " + d.String(), nil
		}
		daemonErr = fmt.Errorf("no daemon answered at %s: %w", d, err)
	}
	v, err := readArchive(cfg.Archive, read)
	if err != nil {
		return v, "", errors.Join(err, daemonErr)
	}
	return v, "from the archive " + cfg.Archive, nil
}

// readArchive opens the archive at path to read it with read, then closes
// it.
func readArchive[T any](path string, read func(*store.DB) (T, error)) (T, error) {
	db, err := store.Open(path, store.Options{ReadOnly: true, Upgrade: true})
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := read(db)
	return v, errors.Join(err, db.Close())
}

// writeStatusTable writes one line per feed, times in loc: its state, then
// what became of its items.
func writeStatusTable(w io.Writer, rows []api.FeedStatus, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATE\tLAST SUCCESS\tNEXT CHECK\tERRORS\tLAST ERROR\tARTICLES\t"+
		"SEEN\tFROM PAGE\tFROM FEED\tPENDING\tGIVEN UP\tELSEWHERE\tNEXT TRY")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", r.Name, r.State,
			tableTime(r.LastSuccess, loc), tableTime(r.NextCheck, loc),
			r.ConsecutiveErrors, truncate(r.LastError, lastErrorWidth), r.Articles,
			r.Items.Seen, r.Items.Page, r.Items.Feed, r.Items.Pending, r.Items.GivenUp, r.Items.Elsewhere, tableTime(r.NextTry, loc))
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
