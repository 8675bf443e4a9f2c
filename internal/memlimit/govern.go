package memlimit

import (
	"context"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The memory governor's pace and the headroom it keeps above the live heap.
const (
	governEvery     = time.Second
	governHeadroom  = 1.75    // limit >= live heap x this
	governTolerance = 8 << 20 // changes smaller than this are not applied
)

// Govern applies the soft memory limit floor (the config's memory_limit,
// in bytes; 0 or less: none) unless GOMEMLIMIT is set, which wins as
// usual, and keeps it workable
// until the returned stop is called or ctx ends. A soft limit below what
// the program needs live makes Go's collector run without pause, up to
// half the CPU, for no memory gained: the article pipeline's live heap
// (the date parser's tables, the pages being cleaned, a write batch) can
// pass 64 MiB. So once a second the governor raises the limit to what the
// program needs (governHeadroom times the live heap, plus its memory that
// is not heap) when that is more than the configured limit, and brings it
// back down when the need shrinks.
func Govern(ctx context.Context, floor int64, log *slog.Logger) (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || floor <= 0 {
		return func() {}
	}
	prev := debug.SetMemoryLimit(floor)
	log.Debug("memory limit", "bytes", floor)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { governLoop(ctx, floor, log) })
	return func() {
		cancel()
		wg.Wait()
		debug.SetMemoryLimit(prev)
	}
}

// governLoop adjusts the limit once a second until ctx ends.
func governLoop(ctx context.Context, floor int64, log *slog.Logger) {
	t := time.NewTicker(governEvery)
	defer t.Stop()
	current := floor
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		need, ok := readNeed()
		if !ok {
			return // not this runtime's metrics: keep the configured limit
		}
		if want, ok := nextLimit(floor, current, need); ok {
			debug.SetMemoryLimit(want)
			log.Debug("memory limit", "bytes", want)
			current = want
		}
	}
}

// nextLimit returns the limit for a need, never below floor, and whether
// it differs enough from the current one to be applied.
func nextLimit(floor, current, need int64) (int64, bool) {
	want := max(floor, need)
	return want, want-current > governTolerance || current-want > governTolerance
}

// readNeed returns what the program needs for the collector to work at an
// easy pace: governHeadroom times the live heap, plus the memory the limit
// counts that is not heap (stacks, the runtime's own structures).
func readNeed() (int64, bool) {
	names := [...]string{
		"/gc/heap/live:bytes",
		"/memory/classes/total:bytes",
		"/memory/classes/heap/objects:bytes",
		"/memory/classes/heap/unused:bytes",
		"/memory/classes/heap/free:bytes",
		"/memory/classes/heap/released:bytes",
	}
	samples := make([]metrics.Sample, len(names))
	for i, name := range names {
		samples[i].Name = name
	}
	metrics.Read(samples)
	v := make([]float64, len(samples))
	for i, s := range samples {
		if s.Value.Kind() != metrics.KindUint64 {
			return 0, false
		}
		v[i] = float64(s.Value.Uint64())
	}
	live, total, heap := v[0], v[1], v[2]+v[3]+v[4]+v[5]
	return int64(live*governHeadroom + max(0, total-heap)), true
}
