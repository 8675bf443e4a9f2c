package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// Targets of the export, from the project's issue 5.
const (
	targetRate = 20000    // articles per second, at least
	targetRSS  = 64 << 20 // bytes of peak RSS, at most
)

// report prints the rows side by side, to stdout and to o.results.
func report(rows []row, o options, stdout io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "exportbench: JSONL export through store.(*DB).Export to io.Discard, in a child process\n")
	fmt.Fprintf(&b, "%s %s/%s, %d cores; generated articles of about %d bytes of text, stored pages %s\n\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), textSize, onOff(o.captures))
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "articles\tbuild\tarchive\texport\tarticles/s\tpeak RSS\tpeak anon\tpeak file\ttargets\t")
	for _, r := range rows {
		rate := float64(r.export.Articles) / r.export.Seconds
		fmt.Fprintf(tw, "%d\t%s\t%.0f MiB\t%.2fs\t%.0f\t%.1f MiB\t%.1f MiB\t%.1f MiB\t%s\t\n",
			r.articles, buildTime(r.build), bench.MiB(r.fileBytes), r.export.Seconds,
			rate, bench.MiB(r.peakRSS), bench.MiB(r.export.PeakAnon), bench.MiB(r.export.PeakFile), verdict(rate, r.peakRSS, r.export.PeakAnon))
	}
	tw.Flush()
	fmt.Fprintf(&b, "\ntargets: >= %d articles/s, peak RSS <= %.0f MiB, not growing with the archive\n", targetRate, bench.MiB(targetRSS))
	fmt.Fprintf(&b, "peak RSS is the child's ru_maxrss; peak anon and peak file are the largest RssAnon and\n"+
		"RssFile+RssShmem of /proc/self/status sampled every millisecond during the export: file-backed\n"+
		"pages are the binary and the archive pages bbolt's read-only mmap touched (page cache the\n"+
		"kernel can reclaim, shmem when the archive is on tmpfs); anon is what the export allocates.\n")
	return bench.Publish(stdout, o.results, b.Bytes())
}

// verdict says which targets a row meets: the rate, and the memory
// bound on the whole peak RSS or, failing that, on anonymous memory alone.
func verdict(rate float64, rss, anon int64) string {
	speed := "rate met"
	if rate < targetRate {
		speed = "rate MISSED"
	}
	switch {
	case rss > 0 && rss <= targetRSS:
		return speed + ", RSS met"
	case anon > 0 && anon <= targetRSS:
		return speed + ", RSS over (mmap), anon met"
	}
	return speed + ", RSS MISSED"
}

// buildTime is how long the build took, or "reused".
func buildTime(d time.Duration) string {
	if d == 0 {
		return "reused"
	}
	return d.Round(100 * time.Millisecond).String()
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
