package main

import (
	"context"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// stage is the measure of one run of the pipeline or of one of its parts.
type stage struct {
	name     string
	articles int           // articles done
	failed   int           // articles that failed
	wall     time.Duration // elapsed
	cpu      time.Duration // user and system CPU time of the process doing the work
	peakRSS  int64         // bytes; 0 when unknown
	archive  int64         // archive file bytes; 0 when there is none
	note     string        // what the row counts, in a few words
}

// rate is articles per second.
func (s stage) rate() float64 {
	if s.wall <= 0 {
		return 0
	}
	return float64(s.articles) / s.wall.Seconds()
}

// cpuPerArticle is CPU seconds per article.
func (s stage) cpuPerArticle() float64 {
	if s.articles == 0 {
		return 0
	}
	return s.cpu.Seconds() / float64(s.articles)
}

// archivePerArticle is archive bytes per article.
func (s stage) archivePerArticle() float64 {
	if s.articles == 0 {
		return 0
	}
	return float64(s.archive) / float64(s.articles)
}

// inProcess times fn, run in this process, and fills in the wall time,
// the CPU time and the peak RSS of the process over it (memory is given
// back to the system and the peak reset first, where the system allows).
func inProcess(name string, fn func() (done, failed int, err error)) (stage, error) {
	debug.FreeOSMemory()     // what earlier runs left is not this run's
	_ = bench.ResetPeakRSS() // best effort: the peak then counts from the start
	cpu0, start := selfCPU(), time.Now()
	done, failed, err := fn()
	s := stage{name: name, articles: done, failed: failed, wall: time.Since(start), cpu: selfCPU() - cpu0, peakRSS: selfPeakRSS()}
	return s, err
}

// selfCPU is this process's user and system CPU time so far; 0 when
// unknown.
func selfCPU() time.Duration {
	u, err := bench.SelfUsage()
	if err != nil {
		return 0
	}
	return u.CPU
}

// selfPeakRSS is this process's VmHWM in bytes; 0 when unknown.
func selfPeakRSS() int64 {
	s, err := bench.ReadStatus(bench.SelfStatus)
	if err != nil {
		return 0
	}
	return s.PeakRSS
}

// pool calls fn(i) for every i in [0, n) from workers goroutines, and
// counts the calls that returned nil and those that failed. It stops
// handing out work when ctx is done.
func pool(ctx context.Context, n, workers int, fn func(i int) error) (done, failed int) {
	var next, ok, bad atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if fn(i) != nil {
					bad.Add(1)
				} else {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	return int(ok.Load()), int(bad.Load())
}
