package crawler

import "slices"

// BackfillCounts count what a backfill, or one of its sources, did.
type BackfillCounts struct {
	Discovered int // candidate article URLs found
	Fetched    int // article pages fetched
	Archived   int // articles archived for the first time
	Duplicates int // already archived: not fetched again
	Failed     int
	Requests   int // discovery documents read (feed pages, sitemaps, listings)
}

// BackfillProgress counts what a backfill did so far: the totals, and
// the same counts for each source tried.
type BackfillProgress struct {
	BackfillCounts
	// Sources are the strategies tried so far, in order, each with what it
	// gave in this run. A source whose documents an earlier run finished
	// (the checkpoint) gives nothing again.
	Sources []SourceProgress
}

// SourceProgress counts what one strategy ("archive", "pages",
// "sitemap") gave.
type SourceProgress struct {
	Strategy string
	BackfillCounts
}

// begin starts counting for strategy: what follows is its doing, since
// strategies run one after the other.
func (b *backfill) begin(strategy string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.prog.Sources = append(b.prog.Sources, SourceProgress{Strategy: strategy})
}

// progress returns a copy that later updates do not touch.
func (b *backfill) progress() BackfillProgress {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.snapshot()
}

func (b *backfill) snapshot() BackfillProgress {
	p := b.prog
	p.Sources = slices.Clone(p.Sources)
	return p
}

// update changes the totals and the current source's counts alike, and
// reports them.
func (b *backfill) update(f func(*BackfillCounts)) {
	b.mu.Lock()
	f(&b.prog.BackfillCounts)
	if n := len(b.prog.Sources); n > 0 {
		f(&b.prog.Sources[n-1].BackfillCounts)
	}
	p := b.snapshot()
	b.mu.Unlock()
	if b.o.Progress != nil {
		b.o.Progress(p)
	}
}
