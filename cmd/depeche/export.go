package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/atomicfile"
	"github.com/depeche-archiver/depeche/store"
)

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("export", "[-config FILE] [-o FILE] [-feed NAME] [-since TIME] [-until TIME] [-by published|archived] [-after CURSOR] [-revisions] [-format jsonl|warc] [-cluster]",
		"Writes the archive as JSONL, one article a line, in archive order. TIME is RFC 3339\n"+
			"(2025-04-29T14:30:00+07:00) or a date (2025-04-29, UTC midnight); -since is\n"+
			"inclusive, -until exclusive, both compared with the published time (the fetch\n"+
			"time when the article has none). While \"depeche run\" holds the archive, the\n"+
			"export comes through its listener (listen in the config), byte for byte the same.\n\n"+
			"Every line carries a cursor; -after CURSOR writes only the articles archived or\n"+
			"revised since the line with that cursor, in cursor order: pass the largest cursor\n"+
			"of the last pull to get each change once. -revisions writes every version of each\n"+
			"article, oldest first, one line each, numbered by the revision field.\n\n"+
			"-format warc writes the raw pages instead, as WARC 1.1 request and response\n"+
			"records (gzip per record when -o ends in .gz); articles without a stored page are\n"+
			"skipped and counted in the log. Beside a running daemon it too comes through the\n"+
			"listener: the same records, but for their random record ids and the date of the\n"+
			"warcinfo record.\n\n"+
			"-cluster writes the records every node of the cluster (the config's cluster:\n"+
			"section) published to its stream, each with the stream sequence as its cursor;\n"+
			"-after SEQ writes those after that sequence.", stderr)
	cfgPath := configFlag(fs)
	out := fs.String("o", "", "write to `FILE` instead of stdout")
	feed := fs.String("feed", "", "only articles seen in the feed `NAME`")
	since := fs.String("since", "", "only articles published at or after `TIME`")
	until := fs.String("until", "", "only articles published before `TIME`")
	by := fs.String("by", "published", "the time -since and -until bound: `published` or archived")
	after := fs.String("after", "", "only what was archived or revised after `CURSOR`")
	revisions := fs.Bool("revisions", false, "every version of each article, not only the current one")
	format := fs.String("format", "jsonl", "`jsonl` (the articles) or warc (the pages as fetched)")
	inCluster := fs.Bool("cluster", false, "the cluster's stream instead of this node's archive; -after is a stream sequence")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments, got %q", fs.Args())
	}
	if *inCluster {
		return runExportCluster(ctx, *cfgPath, *out, *after, stdout, stderr, clusterFlagsAlone(*feed, *since, *until, *by, *revisions, *format))
	}
	filter, err := exportFilter(*feed, *since, *until)
	if err == nil {
		err = exportExtras(&filter, *after, *by, *revisions)
	}
	if err == nil && *format != api.FormatJSONL && *format != api.FormatWARC {
		err = usagef("-format %q: want jsonl or warc", *format)
	}
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	req := api.ExportRequest{Filter: filter, Format: *format, Filename: *out}
	db, err := store.Open(cfg.Archive, store.Options{ReadOnly: true, Upgrade: true})
	if errors.Is(err, store.ErrLocked) {
		return exportFromDaemon(ctx, cfg, err, req, stdout, newLogger(cfg, stderr))
	}
	if err != nil {
		return err
	}
	err = exportTo(*out, stdout, func(w io.Writer) error {
		if *format == api.FormatWARC {
			return exportWARC(w, db, filter, *out, newLogger(cfg, stderr))
		}
		_, err := db.Export(w, filter)
		return err
	})
	return errors.Join(err, db.Close())
}

// exportFromDaemon exports through the listener of the daemon that holds
// the archive (lockErr says one does), which writes the same bytes. When no
// daemon answers there, lockErr is the error, with the reason.
func exportFromDaemon(ctx context.Context, cfg *config.Config, lockErr error, req api.ExportRequest, stdout io.Writer, log *slog.Logger) error {
	d := api.NewClient(cfg.Listen, cfg.Token)
	if d == nil {
		return lockErr
	}
	// The daemon answers before anything is created: one that does not
	// leaves no empty file behind.
	stream, err := d.Export(ctx, req)
	if err != nil {
		return fmt.Errorf("%w; and no export from a daemon at %s: %v", lockErr, d, err)
	}
	defer stream.Close()
	var n api.ExportCounts
	err = exportTo(req.Filename, stdout, func(w io.Writer) error {
		if n, err = stream.CopyTo(w); err != nil {
			return fmt.Errorf("export through the daemon at %s: %w", d, err)
		}
		return nil
	})
	if err == nil && req.Format == api.FormatWARC {
		log.Info("warc export", "articles", n.Articles, "skipped_without_page", n.Skipped, "shared_page", n.Shared)
	}
	return err
}

func exportFilter(feed, since, until string) (store.ExportFilter, error) {
	f := store.ExportFilter{Feed: feed}
	var err error
	if f.Since, err = parseTime("since", since); err != nil {
		return f, err
	}
	if f.Until, err = parseTime("until", until); err != nil {
		return f, err
	}
	return f, nil
}

// exportExtras sets the incremental and versioning options of f from the
// -after, -by and -revisions flags.
func exportExtras(f *store.ExportFilter, after, by string, revisions bool) error {
	f.Revisions = revisions
	switch by {
	case "", "published":
		f.By = store.ByPublished
	case "archived":
		f.By = store.ByArchived
	default:
		return usagef("-by %q: want published or archived", by)
	}
	if after == "" {
		return nil
	}
	n, err := strconv.ParseUint(after, 10, 64)
	if err != nil {
		return usagef("-after %q: not a cursor (the cursor field of an exported line)", after)
	}
	f.After = n
	return nil
}

// parseTime reads an RFC 3339 time or a date; empty gives the zero time.
func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("-%s %q: not a time (write 2025-04-29 or 2025-04-29T14:30:00+07:00)", flag, s)
}

// exportTo streams the export write produces to path, or to stdout when
// path is empty. A file appears only when complete, so a failed export
// never leaves a truncated file that looks whole.
func exportTo(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path != "" {
		return atomicfile.WriteFile(path, 0o644, write)
	}
	w := bufio.NewWriter(stdout)
	if err := write(w); err != nil {
		return err
	}
	return w.Flush()
}

// exportWARC writes the captures filter selects as WARC to w, gzip per
// record when the file name path ends in .gz, and logs what it wrote and
// how many articles it skipped for want of a stored page.
func exportWARC(w io.Writer, db *store.DB, filter store.ExportFilter, path string, log *slog.Logger) error {
	st, err := db.ExportWARC(w, filter, store.WARCFileOptions(path, software()))
	if err != nil {
		return err
	}
	log.Info("warc export", "articles", st.Articles, "skipped_without_page", st.Skipped, "shared_page", st.Shared)
	return nil
}

// runExportCluster writes the cluster's stream after the -after sequence
// to the -o file or stdout; flagsErr refuses the flags it does not take.
func runExportCluster(ctx context.Context, cfgPath, out, after string, stdout, stderr io.Writer, flagsErr error) error {
	if flagsErr != nil {
		return flagsErr
	}
	var f store.ExportFilter
	if err := exportExtras(&f, after, "", false); err != nil {
		return err
	}
	cfg, err := loadConfig(cfgPath)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	return exportTo(out, stdout, func(w io.Writer) error { return exportCluster(ctx, cfg, w, f.After, log) })
}
