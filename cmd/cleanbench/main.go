// Command cleanbench measures depeche's cleaner beside go-trafilatura
// v1.12.2 with its fallback, in one run, on the three shared benchmark
// sets in ../shared/bench: extraction (181 pages, full text), wcxb-dev
// (788 pages, full text and snippets) and snippets-dev (519 pages,
// snippets). It prints shingle F1 and snippet F1 per set, by ports of the
// sets' Python scorers, and pages per second on one core over all pages.
// The baseline runs in a child process: this command built again from a
// copy of go.mod without the replace of go-dateparser, so that it is
// go-trafilatura as its users get it, real go-dateparser included.
//
// Usage, from the repository root:
//
//	go run ./cmd/cleanbench -out /tmp/cleanbench -results /tmp/cleanbench.txt
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("cleanbench", run)) }

// options are the command's flags.
type options struct {
	sets, out, results string
	reps               int
	baseline           bool
	serveBaseline      bool
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("cleanbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.sets, "sets", "", "the folder of benchmark sets `DIR` (default ../shared/bench from the repository root)")
	fs.StringVar(&o.out, "out", "", "write each page's text as `DIR`/<set>/<extractor>/<id>.txt")
	fs.StringVar(&o.results, "results", "", "write the results to `FILE` as well as to standard output")
	fs.IntVar(&o.reps, "reps", 3, "timed passes per extractor; the fastest counts (0: quality only)")
	fs.BoolVar(&o.baseline, "baseline", true, "measure go-trafilatura + fallback beside the cleaner (false: the cleaner alone, a quick check while tuning)")
	fs.BoolVar(&o.serveBaseline, "serve-baseline", false, "run as the baseline's child process (cleanbench starts it so)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 || o.reps < 0 {
		fs.Usage()
		return o, errors.New("cleanbench takes flags only, and -reps of at least 0")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	if o.serveBaseline {
		return serveBaseline(os.Stdin, stdout)
	}
	sets, err := loadSets(o.sets)
	if err != nil {
		return err
	}
	exs, stop, err := extractors(o.baseline, sets, stderr)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return errors.Join(err, stop())
	}
	runs, err := benchmark(exs, sets, o.reps)
	if err = errors.Join(err, stop()); err != nil {
		return err
	}
	if o.out != "" {
		if err := writeTexts(o.out, sets, runs); err != nil {
			return err
		}
	}
	return report(stdout, o, sets, runs, args)
}
