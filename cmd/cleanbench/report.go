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
func report(stdout io.Writer, o options, sets []set, runs []*result, args []string) error {
	var b bytes.Buffer
	writeReport(&b, sets, runs, args)
	return bench.Publish(stdout, o.results, b.Bytes())
}

func writeReport(w io.Writer, sets []set, runs []*result, args []string) {
	bench.WriteHeader(w, bench.Header{
		Command: "cleanbench",
		Title:   fmt.Sprintf("three extraction sets, %d pages", runs[0].pages),
		Args:    args,
		Machine: "timed on one core (GOMAXPROCS=1)",
		Date:    time.Now(),
	})
	fmt.Fprintln(w)
	writeQuality(w, sets, runs)
	fmt.Fprintln(w)
	writeSpeed(w, runs)
	fmt.Fprintln(w)
	writeMetadata(w, runs)
	fmt.Fprintf(w, "\npeak RSS (getrusage ru_maxrss): this process (the cleaner, all pages) %s", maxRSS())
	for _, r := range runs {
		if r.remote != nil {
			fmt.Fprintf(w, "; the %s child process %.1f MiB", r.name, bench.MiB(r.childRSS))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, notes)
}

// writeQuality prints, per set and extractor, each metric the set has.
func writeQuality(w io.Writer, sets []set, runs []*result) {
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "set\tpages\textractor\tshingle F1\tprecision\trecall\tempty\tsnippet F1\tprecision\trecall")
	for si, s := range sets {
		for _, r := range runs {
			fmt.Fprintf(tw, "%s\t%d\t%s\t", s.name, len(s.pages), r.name)
			if q := r.shingle[si]; s.pages[0].hasTruth {
				fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t%d\t", q.F1, q.Precision, q.Recall, q.Empty)
			} else {
				fmt.Fprint(tw, "-\t-\t-\t-\t")
			}
			if sn := r.snippet[si]; s.pages[0].hasSnippets {
				fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\n", sn.f1(), sn.precision(), sn.recall())
			} else {
				fmt.Fprint(tw, "-\t-\t-\n")
			}
		}
	}
	tw.Flush()
}

// writeSpeed prints pages per second on one core against the baseline,
// the last extractor.
func writeSpeed(w io.Writer, runs []*result) {
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "extractor\tpages\tpages/s per core\tvs go-trafilatura + fallback\tMiB alloc/page\tpeak heap MiB")
	base := 0.0
	if len(runs) > 1 {
		base = runs[len(runs)-1].pagesPerSecond()
	}
	for _, r := range runs {
		pps := r.pagesPerSecond()
		ratio := "-"
		if base > 0 {
			ratio = fmt.Sprintf("%.2fx", pps/base)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%s\t%.2f\t%.1f\n", r.name, r.pages, pps, ratio,
			bench.MiB(int64(r.memory.AllocPerPage)), bench.MiB(int64(r.memory.PeakHeap)))
	}
	tw.Flush()
}

// writeMetadata prints the share of pages where each extractor found
// each metadata field.
func writeMetadata(w io.Writer, runs []*result) {
	tw := bench.NewTable(w)
	fmt.Fprintln(tw, "metadata found (all pages)\tpublished\tauthor\tlanguage\tcanonical URL")
	for _, r := range runs {
		var pub, auth, lang, can int
		for _, outs := range r.outputs {
			for _, o := range outs {
				pub, auth = pub+b2i(o.Published), auth+b2i(o.Author)
				lang, can = lang+b2i(o.Language), can+b2i(o.Canonic)
			}
		}
		n := float64(r.pages)
		fmt.Fprintf(tw, "%s\t%.1f%%\t%.1f%%\t%.1f%%\t%.1f%%\n", r.name,
			100*float64(pub)/n, 100*float64(auth)/n, 100*float64(lang)/n, 100*float64(can)/n)
	}
	tw.Flush()
}

// notes explain the columns.
const notes = `
shingle F1, precision, recall: the scrapinghub metric of extraction/score.py and
score-truth.py (macro P and R over pages, F1 from the two means), by the Go port in
metric.go; "empty" counts pages with no text (left out of precision).
snippet F1, precision, recall: snippets.py's pooled counts (with-snippets found are TP,
missed FN; without-snippets found FP), F1 = 2TP/(2TP+FP+FN), by the port in snippets.go.
pages/s per core: fastest of -reps passes over all the pages of all sets, GOMAXPROCS=1,
pages already in memory, parse included; the ratio compares with the baseline of the same
invocation. The baseline runs in a child process built from a copy of go.mod without the
replace of go-dateparser: it links go-trafilatura v1.12.2 and the real go-dateparser, as
go-trafilatura's users get them; its passes alternate with the cleaner's, each timed
inside its own process. MiB alloc/page: MemStats.TotalAlloc over an untimed pass, divided
by the pages. peak heap: the largest MemStats.HeapInuse after any page of that pass, in
the extractor's own process; it includes every page held in memory.
Cross-check: with -out OUT, python3 ../shared/bench/extraction/score.py OUT/extraction/depeche,
score-truth.py OUT/wcxb-dev/depeche --truth ../shared/bench/wcxb-dev and
snippets.py OUT/<set>/depeche --set ../shared/bench/<set> (go-trafilatura-fallback for the
baseline) give the same F1 to 3 decimals.
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
