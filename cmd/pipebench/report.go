package main

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// Targets of the issues, on a 2-core machine.
const (
	targetCPURatio = 1.15                 // end-to-end CPU per article, against the limits' summed
	targetStoreCPU = 2 * time.Millisecond // store CPU per article
	targetRSS      = 200 << 20            // peak RSS of the backfill, bytes
	targetArchive  = 0.40                 // archive bytes against the raw HTML bytes
)

// report prints the results and writes them to o.results when set.
func report(stdout io.Writer, o options, args []string, r results) error {
	var b bytes.Buffer
	writeReport(&b, o, args, r)
	return bench.Publish(stdout, o.results, b.Bytes())
}

func writeReport(w io.Writer, o options, args []string, r results) {
	bench.WriteHeader(w, bench.Header{
		Command: "pipebench",
		Title:   fmt.Sprintf("archive pipeline, %d articles in %d feeds, loopback mirror of the %d benchmark pages", r.articles, r.feeds, r.pages),
		Args:    args,
		Machine: fmt.Sprintf("%d CPUs", runtime.NumCPU()),
		Date:    time.Now(),
	})
	fmt.Fprintf(w, "crawler  workers %d, host_parallel %d, max_parallel %d, host_delay 0s\n", o.workers, o.hostParallel, 2*o.hostParallel)
	fmt.Fprintf(w, "raw HTML %.1f MB served, %.0f bytes per article\n\n", bench.MiB(r.rawBytes), float64(r.rawBytes)/float64(r.articles))
	writeTable(w, r)
	fmt.Fprintf(w, "\nmirror CPU during the end-to-end run (this process, not counted above): %.1f s\n\n", r.mirrorCPU.Seconds())
	writeTargets(w, r)
	fmt.Fprint(w, notes)
}

func writeTable(w io.Writer, r results) {
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "run\tarticles\tfailed\twall s\tarticles/s\tCPU ms/article\tpeak RSS MB\tarchive KB/article\tarchive/raw\twhat")
	for _, s := range append([]stage{r.endToEnd}, r.limits...) {
		if s.name == "" {
			continue // not run
		}
		arch, ratio := "-", "-"
		if s.archive > 0 {
			arch = fmt.Sprintf("%.1f", s.archivePerArticle()/1024)
			ratio = fmt.Sprintf("%.1f%%", 100*float64(s.archive)/float64(r.rawBytes))
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f\t%.1f\t%.2f\t%.0f\t%s\t%s\t%s\n", s.name, s.articles, s.failed,
			s.wall.Seconds(), s.rate(), 1000*s.cpuPerArticle(), bench.MiB(s.peakRSS), arch, ratio, s.note)
	}
	tw.Flush()
}

// slowest is the limit with the lowest rate.
func (r results) slowest() stage {
	low := r.limits[0]
	for _, s := range r.limits[1:] {
		if s.rate() < low.rate() {
			low = s
		}
	}
	return low
}

// sharedBound is the rate the limits allow together when each article
// goes through all of them on the same cores: each limit keeps every core
// busy (or waits on I/O) for 1/rate seconds per article, so the times add
// up.
func (r results) sharedBound() float64 {
	var perArticle float64
	for _, s := range r.limits {
		perArticle += 1 / s.rate()
	}
	return 1 / perArticle
}

// cpuSum is the CPU per article of the limits alone, added up: what an
// article costs at least when the stages share the cores.
func (r results) cpuSum() float64 {
	var sum float64
	for _, s := range r.limits {
		sum += s.cpuPerArticle()
	}
	return sum
}

// limit is the limit of that name, zero when it was not run.
func (r results) limit(name string) stage {
	for _, s := range r.limits {
		if s.name == name {
			return s
		}
	}
	return stage{}
}

// writeCPU prints each limit's CPU per article, their sum and the
// end-to-end CPU against it.
func writeCPU(w io.Writer, r results) (ratio float64) {
	fmt.Fprint(w, "CPU ms per article:")
	for i, l := range r.limits {
		sep := " + "
		if i == 0 {
			sep = " "
		}
		fmt.Fprintf(w, "%s%s %.2f", sep, l.name, 1000*l.cpuPerArticle())
	}
	sum := r.cpuSum()
	ratio = r.endToEnd.cpuPerArticle() / sum
	fmt.Fprintf(w, " = %.2f alone; end to end %.2f: %.2fx\n\n", 1000*sum, 1000*r.endToEnd.cpuPerArticle(), ratio)
	return ratio
}

func writeTargets(w io.Writer, r results) {
	e, low := r.endToEnd, r.slowest()
	cpuRatio := writeCPU(w, r)
	storeCPU := time.Duration(r.limit("store only").cpuPerArticle() * float64(time.Second))
	archive := float64(e.archive) / float64(r.rawBytes)
	for _, l := range r.limits {
		fmt.Fprintf(w, "end to end / %-10s  %.2f\n", l.name, e.rate()/l.rate())
	}
	bound := r.sharedBound()
	fmt.Fprintf(w, "end to end / shared-cores bound (%.1f articles/s)  %.2f\n", bound, e.rate()/bound)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "end to end / slowest limit (%s)  %.2f\n\n", low.name, e.rate()/low.rate())
	fmt.Fprintf(w, "target  end-to-end CPU <= %.2f x the limits' sum   %.2f  %s\n", targetCPURatio, cpuRatio, met(cpuRatio <= targetCPURatio))
	fmt.Fprintf(w, "target  store CPU <= %s per article            %.2f ms  %s\n", targetStoreCPU, 1000*storeCPU.Seconds(), met(storeCPU > 0 && storeCPU <= targetStoreCPU))
	fmt.Fprintf(w, "target  peak RSS <= %d MB                        %.0f MB  %s\n", targetRSS>>20, bench.MiB(e.peakRSS), met(e.peakRSS > 0 && e.peakRSS <= targetRSS))
	fmt.Fprintf(w, "target  archive <= %.0f%% of raw HTML               %.1f%%  %s\n", 100*targetArchive, 100*archive, met(archive <= targetArchive))
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

// notes explain the columns.
const notes = `
end to end: the depeche binary, "backfill -config" on a generated config listing every feed,
as a child process; wall time from start to exit (past walk included: one more read of each
feed, every item then a duplicate), CPU and peak RSS from its rusage (ru_maxrss), archive
the bbolt file and its captures file at exit. articles = "new" of its summary.
fetch only: crawler.FetchPage per article from -workers goroutines; CPU is this process's,
the mirror's serving included. clean only: clean.Clean over each article's page (base page
plus marker, built in memory), GOMAXPROCS workers. store only: Seen then Save per article
with its capture, into a new archive. Peak RSS of the limits is this process's VmHWM, reset
before each run; it includes the 181 pages (about 31 MB) and the mirror.
Each article's page is its base page with " a<number>" at the end of a paragraph the cleaner
keeps, so content hashes differ; repeats of a page are near-duplicates and are clustered.
shared-cores bound: 1 / (sum over the limits of 1/rate), the best end-to-end rate when each
limit already uses every core, as clean only and store only do here.
MB is 2^20 bytes, KB 2^10.
`
