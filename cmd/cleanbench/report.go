package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// report prints the results and writes them to o.results when set.
func report(stdout io.Writer, o options, runs []*result, args []string) error {
	var b bytes.Buffer
	writeReport(&b, runs, args)
	return bench.Publish(stdout, o.results, b.Bytes())
}

func writeReport(w io.Writer, runs []*result, args []string) {
	bench.WriteHeader(w, bench.Header{
		Command: "cleanbench",
		Title:   fmt.Sprintf("article extraction benchmark, %d pages", len(runs[0].outputs)),
		Args:    args,
		Machine: "timed on one core (GOMAXPROCS=1)",
		Date:    time.Now(),
	})
	fmt.Fprintln(w)
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "extractor\tF1\tprecision\trecall\tempty\tpages/s\tvs fallback-on\tvs fallback-off\tMiB alloc/page\tpeak heap MiB")
	base1, base2 := runs[1].pagesPerSecond(), runs[2].pagesPerSecond()
	for _, r := range runs {
		q, pps := r.quality, r.pagesPerSecond()
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%d\t%.1f\t%.2fx\t%.2fx\t%.2f\t%.1f\n",
			r.name, q.F1, q.Precision, q.Recall, q.Empty, pps, pps/base1, pps/base2,
			bench.MiB(int64(r.memory.allocPerPage)), bench.MiB(int64(r.memory.peakHeap)))
	}
	tw.Flush()
	fmt.Fprintln(w)
	writeMetadata(w, runs)
	fmt.Fprintf(w, "\nprocess peak RSS (getrusage ru_maxrss, all extractors): %s\n", maxRSS())
	fmt.Fprint(w, notes)
}

// writeMetadata prints the share of pages where each extractor found
// each metadata field.
func writeMetadata(w io.Writer, runs []*result) {
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "metadata found\tpublished\tauthor\tlanguage\tcanonical URL")
	for _, r := range runs {
		var pub, auth, lang, can int
		for _, o := range r.outputs {
			pub, auth = pub+b2i(o.published), auth+b2i(o.author)
			lang, can = lang+b2i(o.language), can+b2i(o.canonic)
		}
		n := float64(len(r.outputs))
		fmt.Fprintf(tw, "%s\t%.1f%%\t%.1f%%\t%.1f%%\t%.1f%%\n", r.name,
			100*float64(pub)/n, 100*float64(auth)/n, 100*float64(lang)/n, 100*float64(can)/n)
	}
	tw.Flush()
}

// notes explain the columns.
const notes = `
F1, precision, recall: score.py's metric (macro P and R over pages, F1 from the two means),
by the Go port in metric.go; "empty" counts pages with no text (left out of precision).
pages/s: fastest of -reps passes over all pages, one core, pages already in memory, parse
included. The ratios compare with the go-trafilatura runs of the same invocation.
MiB alloc/page: MemStats.TotalAlloc over an untimed pass, divided by the pages.
peak heap: the largest MemStats.HeapInuse sampled after each page of that pass; it includes
the 181 pages held in memory (about 31 MiB) and whatever the earlier extractors left.
Cross-check: python3 ../shared/bench/extraction/score.py OUT (OUT/go-trafilatura,
OUT/go-trafilatura-fallback for the baselines) gives the same F1, precision and recall to
4 decimals on the texts -out writes.
`

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maxRSS is the process's peak resident set size, from getrusage.
func maxRSS() string {
	u, err := bench.SelfUsage()
	switch {
	case errors.Is(err, errors.ErrUnsupported):
		return "unknown on this system"
	case err != nil:
		return "unknown (" + err.Error() + ")"
	}
	return fmt.Sprintf("%.1f MiB", bench.MiB(u.PeakRSS))
}
