package crawler

import (
	"context"
	"fmt"
	"sync"
)

// archive archives the candidates among items: links of the feed's site
// and section, within the date bounds, not handled yet in this run. The
// archive's own lookup (Seen) keeps what is archived from being fetched
// again. It returns how many items were candidates.
func (b *backfill) archive(ctx context.Context, items []Item) int {
	todo := b.candidates(items)
	if len(todo) == 0 {
		return 0
	}
	b.update(func(p *BackfillCounts) { p.Discovered += len(todo) })
	jobs := make(chan Item)
	var wg sync.WaitGroup
	for range b.c.o.Workers {
		wg.Go(func() {
			for it := range jobs {
				b.archiveOne(ctx, it)
			}
		})
	}
	for _, it := range todo {
		if ctx.Err() != nil {
			break
		}
		jobs <- it
	}
	close(jobs)
	wg.Wait()
	return len(todo)
}

func (b *backfill) candidates(items []Item) []Item {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []Item
	for _, it := range items {
		if it.Link == "" || b.queued[it.Link] || !b.match.MatchString(it.Link) || !b.inBounds(it) {
			continue
		}
		b.queued[it.Link] = true
		out = append(out, it)
	}
	return out
}

// inBounds keeps items published within [Since, Until), and undated ones.
func (b *backfill) inBounds(it Item) bool {
	p := it.Published
	if p.IsZero() {
		return true
	}
	return (b.o.Since.IsZero() || !p.Before(b.o.Since)) && (b.o.Until.IsZero() || p.Before(b.o.Until))
}

func (b *backfill) archiveOne(ctx context.Context, it Item) {
	if b.full() {
		b.stop(nil)
		return
	}
	o, err := b.c.archivePage(ctx, b.pages, b.feed, it)
	cut := ctx.Err() != nil // the run ended meanwhile: not the page's failure
	switch {
	case err == nil || cut:
	case KindOf(err) == KindArchive:
		b.stop(fmt.Errorf("backfill %s: the archive could not take %s: %w", b.feed.Name, it.Link, err))
	default:
		b.c.o.Logger.Warn("article failed", "feed", b.feed.Name, "url", it.Link, "kind", KindOf(err), "err", err)
	}
	b.update(func(p *BackfillCounts) {
		switch o {
		case outcomeNew:
			p.Fetched++
			p.Archived++
		case outcomeDuplicate:
			p.Duplicates++
		case outcomeFailed:
			if !cut {
				p.Failed++
			}
		}
	})
}
