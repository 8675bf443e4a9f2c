// Command pipebench measures the whole archiving pipeline against its
// parts, on the 181 real pages of the extraction benchmark (in
// ../shared/bench/extraction beside the repository), each served many
// times under distinct URLs by a loopback mirror: 100 RSS feeds of 100
// items make 10,000 articles.
//
// In one run it measures, side by side:
//
//   - end to end: the real `depeche backfill` binary, as a child process,
//     archiving every feed: articles/s, CPU seconds per article (the
//     child's rusage), peak RSS (ru_maxrss) and archive bytes per article;
//   - the limits, each alone on the same pages: fetch only (the crawler's
//     HTTP path through crawler.FetchPage, no cleaning, no store), clean
//     only (the cleaner over the pages in memory, one worker per core) and
//     store only (Seen then Save of the same records, captures included).
//
// It prints a table and writes it to -results. -profile FILE runs the
// crawl in process under the CPU profiler instead; -only NAME runs one
// row alone (profiled when -profile is given).
//
// Usage, from the repository root:
//
//	go run ./cmd/pipebench -results /tmp/pipebench.txt
//	go run ./cmd/pipebench -quick
//	go run ./cmd/pipebench -profile /tmp/pipe.pprof
//	go run ./cmd/pipebench -only store -profile /tmp/store.pprof
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("pipebench", run)) }

// options are the command's flags.
type options struct {
	pages, binary, results, profile string
	childProfile, only              string
	articles, perFeed               int
	workers, hostParallel           int
	storeCallers                    int
	quick, keep                     bool
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("pipebench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.pages, "pages", "", "the benchmark `DIR` (default ../shared/bench/extraction from the repository root)")
	fs.StringVar(&o.binary, "depeche", "", "the depeche binary `PATH`; built from ./cmd/depeche when empty")
	fs.StringVar(&o.results, "results", "", "write the results to `FILE` as well as to standard output")
	fs.StringVar(&o.profile, "profile", "", "instead of the benchmark, crawl in process and write a CPU profile to `FILE`")
	fs.StringVar(&o.childProfile, "child-profile", "", "write a CPU profile of the end-to-end backfill (its -cpuprofile) to `FILE`")
	fs.StringVar(&o.only, "only", "", "run only `NAME` (end-to-end, fetch, clean or store) and print its row; with -profile, under the CPU profiler")
	fs.IntVar(&o.articles, "articles", 10000, "articles in the mirror")
	fs.IntVar(&o.perFeed, "per-feed", 100, "items per feed")
	fs.IntVar(&o.workers, "workers", 8, "the crawler's workers (pages fetched at once), and the fetch-only pool")
	fs.IntVar(&o.hostParallel, "host-parallel", 8, "the crawler's host_parallel (the mirror is one host)")
	fs.IntVar(&o.storeCallers, "store-callers", 32, "goroutines calling Seen and Save in the store-only run")
	fs.BoolVar(&o.quick, "quick", false, "a fast run: 1,000 articles")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (archives, config, logs) and print its path")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.quick {
		o.articles = 1000
	}
	if fs.NArg() > 0 || o.articles < 1 || o.perFeed < 1 || o.workers < 1 || o.hostParallel < 1 || o.storeCallers < 1 {
		fs.Usage()
		return o, errors.New("pipebench takes flags only, each count at least 1")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	c, err := loadCorpus(o.pages)
	if err != nil {
		return err
	}
	cl, err := newCleaner()
	if err != nil {
		return err
	}
	if err := c.placeMarkers(cl); err != nil {
		return err
	}
	m := newMirror(c, o.articles, o.perFeed)
	defer m.close()
	switch {
	case o.only != "":
		return onlyOne(ctx, o, m, cl, stdout, stderr)
	case o.profile != "":
		return profileCrawl(ctx, o, m, cl, stderr)
	}
	return benchmark(ctx, o, args, m, cl, stdout, stderr)
}
