// Command bigpagebench measures what large pages cost depeche, as child
// processes, on generated pages of two shapes (teaser cards with scripts,
// styles, comments and icons; one long run of paragraphs).
//
// First `depeche extract` on pages of 0.1, 1 and 10 MB: wall time, CPU
// time and peak resident memory (the child's maxrss), beside a 2 KB page
// that measures start-up alone. Then `depeche run` archiving one feed of
// -pages pages of -page-bytes each with -workers workers and
// -memory-limit: its peak resident memory (VmHWM) against the limit.
//
//	go run ./cmd/bigpagebench
//	go run ./cmd/bigpagebench -extract=false -pages 20 -page-bytes 10000000 -workers 4 -memory-limit 64MiB
package main

import (
	"context"
	"flag"
	"io"
	"os"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("bigpagebench", run)) }

// options are the command's flags.
type options struct {
	binary      string
	extract     bool
	reps        int
	daemon      bool
	pages       int
	pageBytes   int
	workers     int
	memoryLimit string
	timeout     time.Duration
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bigpagebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.binary, "depeche", "", "depeche binary; built from ./cmd/depeche when empty")
	fs.BoolVar(&o.extract, "extract", true, "measure depeche extract on 0.1, 1 and 10 MB pages")
	fs.IntVar(&o.reps, "reps", 3, "runs of extract on each page (the fastest and the largest memory are kept)")
	fs.BoolVar(&o.daemon, "daemon", true, "measure depeche run archiving a feed of large pages")
	fs.IntVar(&o.pages, "pages", 20, "pages in the daemon's feed")
	fs.IntVar(&o.pageBytes, "page-bytes", 10_000_000, "size of each of the daemon's pages (max_body_bytes is 10 MiB)")
	fs.IntVar(&o.workers, "workers", 4, "the daemon's workers")
	fs.StringVar(&o.memoryLimit, "memory-limit", "64MiB", "the daemon's memory_limit")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "longest wait for the daemon to archive the pages")
	err := fs.Parse(args)
	return o, err
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	dir, remove, err := bench.Workdir("bigpagebench", &o.binary, stderr)
	if err != nil {
		return err
	}
	defer remove()
	if o.extract {
		if err := measureExtract(ctx, o, dir, stdout); err != nil {
			return err
		}
	}
	if o.daemon {
		return measureDaemon(ctx, o, dir, stdout)
	}
	return nil
}
