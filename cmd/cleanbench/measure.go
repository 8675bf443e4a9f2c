package main

import (
	"fmt"
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
	// childRSS is the peak RSS of the child process the extractor ran
	// in; 0 when it ran in this one.
	childRSS int64
}

// memory is what one untimed pass over the pages costs in memory.
type memory struct {
	// AllocPerPage is the bytes allocated per page (MemStats.TotalAlloc).
	AllocPerPage uint64
	// PeakHeap is the largest MemStats.HeapInuse seen after any page,
	// starting from a collected heap.
	PeakHeap uint64
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
			r.memory.PeakHeap = max(r.memory.PeakHeap, ms.HeapInuse)
		}
		r.addSet(s, outs)
	}
	if r.pages > 0 {
		r.memory.AllocPerPage = (ms.TotalAlloc - startAlloc) / uint64(r.pages)
	}
	return r
}

// addSet adds one set's outputs to r, scored.
func (r *result) addSet(s set, outs []output) {
	r.outputs = append(r.outputs, outs)
	r.pages += len(s.pages)
	sh, sn := scoreSet(s, outs)
	r.shingle, r.snippet = append(r.shingle, sh), append(r.snippet, sn)
}

// keptPass is extractAll for ex, in this process or in its child.
func keptPass(ex extractor, sets []set) (*result, error) {
	if ex.remote == nil {
		return extractAll(ex, sets), nil
	}
	reply, err := ex.remote.pass(true)
	if err != nil {
		return nil, err
	}
	outs := reply.Outputs
	r := &result{extractor: ex, memory: reply.Memory, childRSS: reply.PeakRSS}
	for _, s := range sets {
		if len(outs) < len(s.pages) {
			return nil, fmt.Errorf("baseline pass: %d outputs for more pages", len(reply.Outputs))
		}
		r.addSet(s, outs[:len(s.pages)])
		outs = outs[len(s.pages):]
	}
	return r, nil
}

// timedPass is timePass for r's extractor, in this process or in its
// child.
func timedPass(r *result, sets []set) (time.Duration, error) {
	if r.remote == nil {
		return timePass(r.extractor, sets), nil
	}
	reply, err := r.remote.pass(false)
	r.childRSS = max(r.childRSS, reply.PeakRSS)
	return reply.Elapsed, err
}

// benchmark measures every extractor: one pass for outputs and memory,
// then reps timed passes, interleaved so that a noisy moment of the
// machine hits all of them alike. It runs on one core.
func benchmark(exs []extractor, sets []set, reps int) ([]*result, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runs := make([]*result, len(exs))
	for i, ex := range exs {
		r, err := keptPass(ex, sets)
		if err != nil {
			return nil, err
		}
		runs[i] = r
	}
	for range reps {
		for _, r := range runs {
			d, err := timedPass(r, sets)
			if err != nil {
				return nil, err
			}
			if r.best == 0 || d < r.best {
				r.best = d
			}
		}
	}
	return runs, nil
}

// scoreSet scores a set's outputs by each label the set has.
func scoreSet(s set, outs []output) (quality, snippetScore) {
	var cs []counts
	var sn snippetScore
	for i, p := range s.pages {
		text := validText(outs[i].Text)
		if p.hasTruth {
			cs = append(cs, compare(p.Truth, text))
		}
		if p.hasSnippets {
			sn.add(p, text)
		}
	}
	return score(cs), sn
}
