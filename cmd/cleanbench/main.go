// Command cleanbench measures depeche's cleaner on the article
// extraction benchmark (181 real pages with ground truth, in
// ../shared/bench/extraction beside the repository): quality by an exact
// port of the benchmark's score.py, pages per second on one core and
// memory, against go-trafilatura alone with and without its fallback,
// measured in the same run.
//
// Usage, from the repository root:
//
//	go run ./cmd/cleanbench -out /tmp/cleanbench -results cmd/cleanbench/results.txt
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
	pages, out, results string
	reps                int
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("cleanbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.pages, "pages", "", "the benchmark `DIR` (default ../shared/bench/extraction from the repository root)")
	fs.StringVar(&o.out, "out", "", "write each page's text as `DIR`/<id>.txt (baselines in subdirectories)")
	fs.StringVar(&o.results, "results", "", "write the results to `FILE` as well as to standard output")
	fs.IntVar(&o.reps, "reps", 3, "timed passes per extractor; the fastest counts")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 || o.reps < 1 {
		fs.Usage()
		return o, errors.New("cleanbench takes flags only, and -reps of at least 1")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	pages, err := bench.LoadPages(o.pages)
	if err != nil {
		return err
	}
	exs, err := extractors()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	runs := benchmark(exs, pages, o.reps)
	if o.out != "" {
		if err := writeTexts(o.out, pages, runs); err != nil {
			return err
		}
	}
	return report(stdout, o, runs, args)
}
