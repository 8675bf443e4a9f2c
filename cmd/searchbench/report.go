package main

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// report writes the figures with their targets and baselines.
func report(stdout io.Writer, o options, args []string, f figures) error {
	var b bytes.Buffer
	bench.WriteHeader(&b, bench.Header{Command: "searchbench", Title: "the full-text search index", Args: args,
		Machine: fmt.Sprintf("%d articles from the extraction benchmark's texts", f.n), Date: time.Now()})
	fmt.Fprintln(&b)
	t := bench.NewTable(&b)
	fmt.Fprintln(t, "measure\tvalue\tbaseline (same run)\tratio\ttarget")
	if f.build > 0 {
		fmt.Fprintf(t, "archive build\t%.0f articles/s\t\t\t\n", float64(f.n)/f.build.Seconds())
	}
	fmt.Fprintf(t, "index rebuild\t%.0f articles/s\tarchive read alone %.0f articles/s\t%.3f\t>= 1000 articles/s\n",
		f.rebuildRate, f.readRate, f.rebuildRate/f.readRate)
	fmt.Fprintf(t, "index rebuild, CPU\t%.0f articles per CPU s\tarchive read alone %.0f per CPU s\t%.3f\t\n",
		f.rebuildCPU, f.readCPU, f.rebuildCPU/f.readCPU)
	fmt.Fprintf(t, "query p50\t%s\treading its %.1f hits from the archive: p50 %s\t%.1f\t<= 20 ms\n",
		ms(f.p50), f.meanHits, ms(f.pageP50), float64(f.p50)/float64(max(f.pageP50, 1)))
	fmt.Fprintf(t, "query p99\t%s\tp99 %s\t%.1f\t<= 100 ms\n", ms(f.p99), ms(f.pageP99), float64(f.p99)/float64(max(f.pageP99, 1)))
	fmt.Fprintf(t, "query mean\t%s (%d queries)\t\t\t\n", ms(f.mean), f.queries)
	fmt.Fprintf(t, "index size\t%.1f MiB\tarchive text %.1f MiB\t%.2f\t\n",
		bench.MiB(f.indexBytes), bench.MiB(f.textBytes), float64(f.indexBytes)/float64(f.textBytes))
	m := f.mem
	fmt.Fprintf(t, "extra RSS, index open\t%.1f MiB (anon %.1f, files %.1f, tmpfs files %.1f)\tarchive open alone %.1f MiB\t%.2f\t<= 100 MB\n",
		bench.MiB(m.After.RSS-m.Before.RSS), bench.MiB(m.After.Anon-m.Before.Anon), bench.MiB(m.After.File-m.Before.File),
		bench.MiB(m.After.Shmem-m.Before.Shmem),
		bench.MiB(m.Before.RSS), float64(m.After.RSS)/float64(max(m.Before.RSS, 1)))
	fmt.Fprintf(t, "peak RSS\t%.1f MiB\t\t\t\n", bench.MiB(m.After.PeakRSS))
	if err := t.Flush(); err != nil {
		return err
	}
	return bench.Publish(stdout, o.results, b.Bytes())
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
