package main

import (
	"runtime"
	"time"
)

// result is one extractor's results over every set.
type result struct {
	extractor
	outputs [][]output     // per set, per page
	shingle []quality      // per set; zero for a set without full text
	snippet []snippetScore // per set; zero for a set without snippets
	pages   int
	best    time.Duration // fastest pass over all the pages, one core
	memory  memory
}

// memory is what one untimed pass over the pages costs in memory.
type memory struct {
	// allocPerPage is the bytes allocated per page (MemStats.TotalAlloc).
	allocPerPage uint64
	// peakHeap is the largest MemStats.HeapInuse seen after any page,
	// starting from a collected heap.
	peakHeap uint64
}

// pagesPerSecond is the throughput of the fastest pass.
func (r *result) pagesPerSecond() float64 {
	if r.best <= 0 {
		return 0
	}
	return float64(r.pages) / r.best.Seconds()
}

// timePass runs ex over every page once and returns the elapsed time.
func timePass(ex extractor, sets []set) time.Duration {
	runtime.GC()
	start := time.Now()
	for _, s := range sets {
		for _, p := range s.pages {
			ex.extract(p)
		}
	}
	return time.Since(start)
}

// extractAll runs ex over every page, keeping the outputs and measuring
// memory: the MemStats reads stop the world, so this pass is not timed.
func extractAll(ex extractor, sets []set) *result {
	r := &result{extractor: ex}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	startAlloc := ms.TotalAlloc
	for _, s := range sets {
		outs := make([]output, len(s.pages))
		for i, p := range s.pages {
			outs[i] = ex.extract(p)
			runtime.ReadMemStats(&ms)
			r.memory.peakHeap = max(r.memory.peakHeap, ms.HeapInuse)
		}
		r.outputs = append(r.outputs, outs)
		r.pages += len(s.pages)
		sh, sn := scoreSet(s, outs)
		r.shingle, r.snippet = append(r.shingle, sh), append(r.snippet, sn)
	}
	if r.pages > 0 {
		r.memory.allocPerPage = (ms.TotalAlloc - startAlloc) / uint64(r.pages)
	}
	return r
}

// benchmark measures every extractor: one pass for outputs and memory,
// then reps timed passes, interleaved so that a noisy moment of the
// machine hits all of them alike. It runs on one core.
func benchmark(exs []extractor, sets []set, reps int) []*result {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runs := make([]*result, len(exs))
	for i, ex := range exs {
		runs[i] = extractAll(ex, sets)
	}
	for range reps {
		for _, r := range runs {
			if d := timePass(r.extractor, sets); r.best == 0 || d < r.best {
				r.best = d
			}
		}
	}
	return runs
}

// scoreSet scores a set's outputs by each label the set has.
func scoreSet(s set, outs []output) (quality, snippetScore) {
	var cs []counts
	var sn snippetScore
	for i, p := range s.pages {
		text := validText(outs[i].text)
		if p.hasTruth {
			cs = append(cs, compare(p.Truth, text))
		}
		if p.hasSnippets {
			sn.add(p, text)
		}
	}
	return score(cs), sn
}
