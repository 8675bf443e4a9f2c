// Command searchbench measures the full-text search index on an archive
// of generated articles made from the real article texts of the
// extraction benchmark (../shared/bench/extraction beside the
// repository): each article is as long as one page's text and made of
// runs of paragraphs from several pages, with a numbered line, so that no
// two are the same or near-duplicates.
//
// In one run it measures, each beside a baseline of the same run:
//
//   - rebuild: a new index filled from the whole archive (what `depeche
//     index -rebuild` does), in articles/s, against reading the archive
//     alone in the same cursor order;
//   - queries: p50 and p99 latency of a mix of queries (words, phrases,
//     exclusions, feed and date filters), against reading the 20
//     articles a result page shows from the archive;
//   - size: the index's bytes against the archive's text bytes (title,
//     lead, text);
//   - memory: the extra resident memory of a process that holds the
//     archive open once it opens the index and runs the queries (a child
//     process, this binary run again with -child).
//
// With -worst it measures instead the daemon, `depeche run` on the
// archive and index an earlier run kept in -dir, polling a feed every 2 s:
// the worst queries within the default limits (and two over them), each
// alone, against a query of one common word; then -clients sending them
// all at once for -for, with the daemon's peak memory (sampled) against
// its idle memory, and the longest gap between its polls against the
// interval.
//
// Usage, from the repository root:
//
//	go run ./cmd/searchbench -results /tmp/searchbench.txt
//	go run ./cmd/searchbench -n 10000
//	go run ./cmd/searchbench -dir /var/tmp/sb          # builds and keeps the archive
//	go run ./cmd/searchbench -dir /var/tmp/sb -reuse   # measures it again, no build
//	go run ./cmd/searchbench -dir /var/tmp/sb -worst   # the worst queries, through the daemon
//
// The archive is built in memory (-stage, /dev/shm by default) and moved
// to -dir once whole; measure with -dir on a disk, as a daemon runs: the
// index's files mapped from memory count as resident memory that a
// disk's page cache would let the kernel reclaim.
package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("searchbench", run)) }

// options are the command's flags.
type options struct {
	n       int
	queries int
	pages   string
	results string
	dir     string
	stage   string // where the archive is built before it moves to dir
	reuse   bool
	child   string // the archive whose index the child opens
	profile string // the rebuild's CPU profile
	// worst sends the daemon the worst queries, alone then from clients
	// at once for worstFor, instead of the measures above.
	worst    bool
	clients  int
	worstFor time.Duration
	timeout  time.Duration // the daemon's search.timeout
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("searchbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.n, "n", 100_000, "articles in the archive it builds (-reuse measures what the archive holds)")
	fs.IntVar(&o.queries, "queries", 1000, "queries timed")
	fs.StringVar(&o.pages, "pages", "", "the extraction benchmark's `DIR` (default: ../shared/bench/extraction)")
	fs.StringVar(&o.results, "results", "", "also write the report to `FILE`")
	fs.StringVar(&o.dir, "dir", "", "build the archive in `DIR` and keep it (default: a temporary directory, removed after)")
	fs.StringVar(&o.stage, "stage", stageDefault(), "build the archive in `DIR` (memory: no fsync waits), then move it to -dir; \"\" builds it in -dir")
	fs.BoolVar(&o.reuse, "reuse", false, "measure the archive an earlier run left in -dir instead of building it again")
	fs.StringVar(&o.profile, "cpuprofile", "", "write the rebuild's CPU profile to `FILE`")
	fs.BoolVar(&o.worst, "worst", false, "run depeche on the archive an earlier run left in -dir and send it the worst queries, alone then from -clients at once")
	fs.IntVar(&o.clients, "clients", 16, "with -worst: clients sending worst queries at once")
	fs.DurationVar(&o.worstFor, "for", time.Minute, "with -worst: how long the clients send them")
	fs.DurationVar(&o.timeout, "timeout", 5*time.Second, "with -worst: the daemon's search.timeout")
	fs.StringVar(&o.child, "child", "", "internal: open the archive `PATH` and its index, query, report memory")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.n < 1 || o.queries < 1 {
		return o, errors.New("-n and -queries must be positive")
	}
	if o.worst && o.dir == "" {
		return o, errors.New("-worst needs -dir: the archive and index an earlier run left there")
	}
	if o.reuse && o.dir == "" {
		return o, errors.New("-reuse needs -dir: a temporary directory holds no earlier archive")
	}
	return o, nil
}

// run builds the archive and measures, or is the memory child.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	if o.child != "" {
		return runChild(o.child, o.queries, stdout)
	}
	if o.worst {
		return measureWorst(ctx, o, args, stdout, stderr)
	}
	return measureAll(ctx, o, args, stdout, stderr)
}
