package main

import (
	"runtime"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// run is one extractor's results over the corpus.
type result struct {
	extractor
	outputs []output
	quality quality
	best    time.Duration // fastest pass over the corpus, one core
	memory  memory
}

// memory is what one untimed pass over the corpus costs in memory.
type memory struct {
	// allocPerPage is the bytes allocated per page (MemStats.TotalAlloc).
	allocPerPage uint64
	// peakHeap is the largest MemStats.HeapInuse seen after any page,
	// starting from a collected heap.
	peakHeap uint64
}

// pagesPerSecond is the corpus throughput of the fastest pass.
func (r *result) pagesPerSecond() float64 {
	if r.best <= 0 {
		return 0
	}
	return float64(len(r.outputs)) / r.best.Seconds()
}

// timePass runs ex over every page once and returns the elapsed time.
func timePass(ex extractor, pages []bench.Page) time.Duration {
	runtime.GC()
	start := time.Now()
	for _, p := range pages {
		ex.extract(p)
	}
	return time.Since(start)
}

// extractAll runs ex over every page, keeping the outputs and measuring
// memory: the MemStats reads stop the world, so this pass is not timed.
func extractAll(ex extractor, pages []bench.Page) ([]output, memory) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	startAlloc := ms.TotalAlloc
	var m memory
	outs := make([]output, len(pages))
	for i, p := range pages {
		outs[i] = ex.extract(p)
		runtime.ReadMemStats(&ms)
		m.peakHeap = max(m.peakHeap, ms.HeapInuse)
	}
	if len(pages) > 0 {
		m.allocPerPage = (ms.TotalAlloc - startAlloc) / uint64(len(pages))
	}
	return outs, m
}

// benchmark measures every extractor: one pass for outputs and memory,
// then reps timed passes, interleaved so that a noisy moment of the
// machine hits all of them alike. It runs on one core.
func benchmark(exs []extractor, pages []bench.Page, reps int) []*result {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runs := make([]*result, len(exs))
	for i, ex := range exs {
		outs, mem := extractAll(ex, pages)
		runs[i] = &result{extractor: ex, outputs: outs, memory: mem, quality: scoreOutputs(pages, outs)}
	}
	for range reps {
		for _, r := range runs {
			if d := timePass(r.extractor, pages); r.best == 0 || d < r.best {
				r.best = d
			}
		}
	}
	return runs
}

// scoreOutputs scores the outputs against the pages' ground truth.
func scoreOutputs(pages []bench.Page, outs []output) quality {
	cs := make([]counts, len(pages))
	for i, p := range pages {
		cs[i] = compare(p.Truth, validText(outs[i].text))
	}
	return score(cs)
}
