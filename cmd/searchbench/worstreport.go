package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// Targets of the worst queries.
const (
	worstTarget  = time.Second // to answer or refuse one
	memoryMargin = 100e6       // over memory_limit, under load
	memoryBytes  = 64 << 20    // memoryLimit's bytes
)

// measureWorst runs the daemon on the archive -dir holds and sends it the
// worst queries, alone and then from many clients at once.
func measureWorst(ctx context.Context, o options, args []string, stdout, stderr io.Writer) error {
	c, err := loadCorpus(o.pages)
	if err != nil {
		return err
	}
	qs, err := c.worstQueries()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "searchbench-worst-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	d, err := startDaemon(ctx, filepath.Join(o.dir, "archive.db"), work, o.timeout, stderr)
	if err != nil {
		return err
	}
	defer d.stop()
	n, err := articles(ctx, d.addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d articles; each worst query alone\n", n)
	base, each, err := measureAlone(ctx, d.addr, c.commonWords(1)[0], qs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "%d clients sending them for %s\n", o.clients, o.worstFor)
	load, err := measureLoad(ctx, d, qs, o.clients, o.worstFor)
	if err != nil {
		return err
	}
	return errors.Join(worstReport(stdout, o, args, n, base, each, load), d.stop())
}

// articles is how many articles the daemon's index holds.
func articles(ctx context.Context, addr string) (uint64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/search?format=json&n=1&q=", nil)
	if err != nil {
		return 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var r struct{ Total uint64 }
	return r.Total, json.NewDecoder(resp.Body).Decode(&r)
}

// worstReport writes the figures with their targets and baselines.
func worstReport(stdout io.Writer, o options, args []string, n uint64, base time.Duration, each []alone, l loadRun) error {
	var b bytes.Buffer
	bench.WriteHeader(&b, bench.Header{Command: "searchbench", Title: "the worst queries, sent to depeche run", Args: args,
		Machine: fmt.Sprintf("%d articles from the extraction benchmark's texts, memory_limit %s, search.timeout %s", n, memoryLimit, o.timeout), Date: time.Now()})
	fmt.Fprintln(&b)
	t := bench.NewTable(&b)
	fmt.Fprintln(t, "query, alone\tstatus\tslowest of 3\tbaseline: one common word, median of 5\tratio\ttarget")
	for _, a := range each {
		fmt.Fprintf(t, "%s\t%d\t%s\t%s\t%.1f\t<= %s: %s\n", a.name, a.status, ms(a.worst), ms(base),
			float64(a.worst)/float64(max(base, 1)), worstTarget, met(a.worst <= worstTarget))
	}
	if err := t.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(&b)
	t = bench.NewTable(&b)
	fmt.Fprintln(t, "under load\tvalue\tbaseline (same run)\tratio\ttarget")
	fmt.Fprintf(t, "requests\t%d clients, %.0f s: %v, %d failed\t\t\t\n", l.clients, l.took.Seconds(), l.statuses, l.errors)
	fmt.Fprintf(t, "slowest answer\t%s\t\t\t\n", ms(l.worst))
	fmt.Fprintf(t, "p99 of the answers with results\t%s\tthe baseline query alone %s\t%.1f\t\n", ms(l.p99OK), ms(base), float64(l.p99OK)/float64(max(base, 1)))
	limit := int64(memoryBytes + memoryMargin)
	fmt.Fprintf(t, "peak anonymous memory (sampled)\t%.1f MiB\tidle %.1f MiB\t%.2f\t<= %s + 100 MB (%.1f MiB): %s\n",
		bench.MiB(l.peakAnon), bench.MiB(l.idle.Anon), float64(l.peakAnon)/float64(max(l.idle.Anon, 1)), memoryLimit, bench.MiB(limit), met(l.peakAnon <= limit))
	fmt.Fprintf(t, "peak RSS, index files mapped included\t%.1f MiB sampled, %.1f MiB VmHWM\tidle %.1f MiB\t%.2f\t\n",
		bench.MiB(l.peakRSS), bench.MiB(l.peakHWM), bench.MiB(l.idle.RSS), float64(l.peakRSS)/float64(max(l.idle.RSS, 1)))
	gap := longestGap(l.polls)
	fmt.Fprintf(t, "polls of a %s feed\t%d, longest gap %s\tthe interval %s\t%.2f\t<= interval + 1 s: %s\n",
		pollInterval, len(l.polls), ms(gap), pollInterval, float64(gap)/float64(pollInterval), met(gap <= pollInterval+time.Second))
	if err := t.Flush(); err != nil {
		return err
	}
	return bench.Publish(stdout, o.results, b.Bytes())
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
