package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/secret"
)

// usageError is a mistake on the command line: exit status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"run", "poll the feeds on their schedule and archive new articles, until stopped", runDaemon},
		{"reload", "make the running daemon re-read its config (as SIGHUP does)", runReload},
		{"opml", "import feeds from an OPML file, or export them as OPML", runOPML},
		{"backfill", "poll the feeds once, archive every item not yet archived, print a summary", runBackfill},
		{"export", "write the archive as JSONL, one article a line", runExport},
		{"check", "verify the archive's records, indexes and stored pages; -repair rebuilds indexes", runCheck},
		{"backup", "copy the archive (both its files) consistently into a directory, the daemon running or not", runBackup},
		{"reclean", "clean the archived pages again with the current cleaner and site rules", runReclean},
		{"diff", "print what changed in an article between two of its versions, word by word", runDiff},
		{"search", "search the archive's text: words, \"phrases\", -exclusions, feed:, lang:, published>=", runSearch},
		{"index", "bring the full-text search index up to date; -rebuild makes it again from the archive", runIndex},
		{"status", "print each feed's state, from the running daemon or the archive", runStatus},
		{"extract", "clean one page (file or URL) and print the article", runExtract},
		{"config", "print the effective configuration", runConfig},
		{"version", "print the version", runVersion},
	}
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		topUsage(stderr)
		return usagef("no command given")
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		topUsage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], stdout, stderr)
		}
	}
	topUsage(stderr)
	return usagef("unknown command %q", args[0])
}

func topUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: depeche <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'depeche <command> -h' for a command's flags.")
}

// newFlags returns a flag set for a subcommand with its usage text.
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: depeche %s %s\n\n%s\n\nflags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// configFlag adds -config to fs.
func configFlag(fs *flag.FlagSet) *string {
	return fs.String("config", "", "config `file` (YAML); the embedded default when empty")
}

// parseFlags parses args; -h prints usage and ends the command cleanly.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	if err != nil {
		return &usageError{err}
	}
	return nil
}

// errHelp ends a command after its usage was printed on request.
var errHelp = errors.New("help requested")

// loadConfig reads the config file, or the embedded default when path is
// empty.
func loadConfig(path string) (*config.Config, error) {
	if path == "" {
		return config.Default()
	}
	return config.Load(path)
}

// exitCode maps a command's error to the process exit status, printing it.
func exitCode(err error, stderr io.Writer) int {
	var ue *usageError
	var ce *config.Error
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &ue), errors.As(err, &ce):
		fmt.Fprintln(stderr, "depeche:", secret.Mask(err.Error()))
		return 2
	default: // an error of NATS or of a fetch may name a URL with its password
		fmt.Fprintln(stderr, "depeche:", secret.Mask(strings.TrimSpace(err.Error())))
		return 1
	}
}
