// Command pollbench measures how many conditional feed polls per second
// the depeche daemon sustains on one core, and its resident memory.
//
// It serves N feeds from a loopback server that answers 304 to a
// conditional GET, starts `depeche run` as a child process with
// GOMAXPROCS=1 on a config polling them every interval, and reads the
// daemon's /metrics: the rate of depeche_polls_total{outcome="not_modified"}
// over the measuring window, and VmHWM / VmRSS from /proc.
//
//	go run ./cmd/pollbench -feeds 20000 -interval 1s -measure 20s
//
// A feed is polled at most once a second (config.Floor), so asking more
// polls than the daemon gives takes many feeds, not a short interval.
//
// With -items N -failing F each feed lists N items whose pages a first
// daemon archives before the measured one starts (until every item is
// archived or pending, at most -prefill), but for the fraction F, whose
// pages answer 500 and wait for their retries: the polls stay conditional
// all the same.
package main

import (
	"context"
	"flag"
	"io"
	"net/http/httptest"
	"os"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("pollbench", run)) }

// options are the command's flags.
type options struct {
	feeds    int
	interval time.Duration
	warmup   time.Duration
	measure  time.Duration
	binary   string
	items    int     // items in each feed
	failing  float64 // the fraction of items whose page answers 500
	prefill  time.Duration
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("pollbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.IntVar(&o.feeds, "feeds", 1000, "number of feeds")
	fs.DurationVar(&o.interval, "interval", time.Second, "poll interval of each feed, at least 1s (use many feeds to ask more than the daemon can give)")
	fs.DurationVar(&o.warmup, "warmup", 15*time.Second, "time before measuring (start-up spreads the first polls)")
	fs.DurationVar(&o.measure, "measure", 20*time.Second, "measuring window")
	fs.StringVar(&o.binary, "depeche", "", "depeche binary; built from ./cmd/depeche when empty")
	fs.IntVar(&o.items, "items", 0, "items in each feed, each linking to a page (0: empty feeds)")
	fs.Float64Var(&o.failing, "failing", 0, "fraction of the items whose page always answers 500 (pending retries)")
	fs.DurationVar(&o.prefill, "prefill", 10*time.Minute, "with -items: the longest a first daemon may take to archive the pages (or record them pending) before the measured one starts")
	err := fs.Parse(args)
	return o, err
}

// run serves the feeds, runs the daemon on them and reports what it
// sustained.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	dir, remove, err := bench.Workdir("pollbench", &o.binary, stderr)
	if err != nil {
		return err
	}
	defer remove()
	srv := httptest.NewServer(newSite(o.items, o.failing))
	defer srv.Close()
	cfg, err := writeConfig(dir, srv.URL, o)
	if err != nil {
		return err
	}
	if o.items > 0 {
		if err := prefill(ctx, o, cfg, stdout); err != nil {
			return err
		}
	}
	return measure(ctx, o, cfg, stdout)
}
