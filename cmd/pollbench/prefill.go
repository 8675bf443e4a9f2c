package main

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"syscall"
	"time"
)

// prefillCheck is how often the prefill daemon's item counts are read.
const prefillCheck = time.Second

// prefillGrace is how long the prefill daemon runs on once the last page
// is archived: the polls that archived them end and record the feeds'
// validators, so that the measured daemon's polls are conditional.
const prefillGrace = 3 * time.Second

// prefill runs a first daemon on cfg until every page that answers is
// archived (the failing ones, listed first in each feed, were tried
// before and are pending), at most o.prefill, so that the measured daemon
// starts from that archive, as a daemon restarted in steady state does.
// Archiving thousands of pages is the pipeline benchmark's business, not
// this one's; a prefill cut short by o.prefill is said in the output,
// since the measured daemon then spends its window on the rest.
func prefill(ctx context.Context, o options, cfg string, out io.Writer) error {
	cmd, addr, err := startDaemon(ctx, o, cfg)
	if err != nil {
		return err
	}
	want := o.feeds * (o.items - failingItems(o.items, o.failing))
	start := time.Now()
	archived := 0
	for time.Since(start) < o.prefill && archived < want {
		time.Sleep(prefillCheck) // a benchmark's set-up, not a test waiting for a result
		if archived, err = archivedItems(addr); err != nil {
			break
		}
	}
	took := time.Since(start)
	if archived >= want {
		time.Sleep(prefillGrace)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	werr := cmd.Wait()
	if err != nil {
		return fmt.Errorf("prefill: read the daemon's item counts: %w", err)
	}
	fmt.Fprintf(out, "prefill: %d of %d pages archived in %s", archived, want, took.Round(time.Second))
	if archived < want {
		fmt.Fprintf(out, " (cut short by -prefill: the measured daemon archives the rest, and its figures are a backlog's)")
	}
	fmt.Fprintln(out)
	return werr
}

var pagesLine = regexp.MustCompile(`(?m)^depeche_items\{state="page"\} (\S+)$`)

// archivedItems reads the daemon's count of items archived from their
// page.
func archivedItems(addr string) (int, error) {
	v, err := metricValue(addr, pagesLine)
	return int(v), err
}
