package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/depeche-archiver/depeche/store"
)

// workers is how many chunks are indexed at once. bleve analyses a
// batch's documents in parallel but builds its segment on the calling
// goroutine, a third of a rebuild's CPU: a second batch in flight keeps
// the other core busy meanwhile.
const workers = 2

// indexed is the outcome of indexing one chunk.
type indexed struct {
	chunk
	err error
}

// CatchUp indexes every article archived or changed in db after the
// index's cursor, a chunk per batch, and returns how many it indexed once
// they are on disk. progress, when not nil, is called after each chunk
// with the running count. It stops between chunks when ctx ends.
//
// Chunks are read from the archive in turn and indexed by workers at
// once; the cursor moves past a chunk only once it and every chunk before
// it are in the index, in a batch of its own, so that an index written to
// disk never holds a cursor ahead of what it holds. A batch is
// searchable as soon as it is applied and written to disk in the
// background; CatchUp waits for one cursor's write before it writes the
// next (memory stays bounded) and for the last before it returns.
//
// Its outcome is the index's Health: an error stays there until a later
// CatchUp goes through. A write an earlier CatchUp gave up on (the disk
// was full) is waited for first.
func (ix *Index) CatchUp(ctx context.Context, db *store.DB, progress func(n int)) (n int, err error) {
	ix.write.Lock()
	defer ix.write.Unlock()
	n, err = ix.catchUp(ctx, db, progress)
	if ctx.Err() == nil {
		ix.setHealth(err)
	}
	return n, err
}

// catchUp is CatchUp, the lock held.
func (ix *Index) catchUp(ctx context.Context, db *store.DB, progress func(n int)) (n int, err error) {
	if err := ix.waitWritten(ctx, ix.takeUnwritten()); err != nil {
		return 0, err
	}
	cursor, err := ix.Cursor()
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk)
	done := make(chan indexed)
	order := newGate()
	var wg sync.WaitGroup
	wg.Go(func() { readChunks(ctx, db, cursor, chunks) })
	for range workers {
		wg.Go(func() {
			for c := range chunks {
				done <- indexed{c, ix.indexChunk(c, order)}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	defer func() {
		cancel()
		for range done { // the workers finish the batch they are in
		}
	}()
	return ix.commit(ctx, done, progress)
}

// commit moves the cursor past the chunks done gives, in the order they
// were read, and returns how many articles they held once the last
// cursor is on disk.
func (ix *Index) commit(ctx context.Context, done <-chan indexed, progress func(n int)) (n int, err error) {
	var written <-chan error // the last cursor's write
	defer func() { err = errors.Join(err, ix.waitWritten(ctx, written)) }()
	waiting := map[int]indexed{} // done, after a chunk not yet done
	next := 0
	for d := range done {
		if d.err != nil {
			return n, d.err
		}
		waiting[d.seq] = d
		for c, ok := waiting[next]; ok; c, ok = waiting[next] {
			delete(waiting, next)
			next++
			prev := written
			if written, err = ix.setCursor(c.last()); err != nil {
				written = prev
				return n, err
			}
			if err := ix.waitWritten(ctx, prev); err != nil { // a cursor at a time in memory only
				written = nil // the later write waits behind this one
				return n, err
			}
			n += len(c.articles)
			if progress != nil {
				progress(n)
			}
		}
	}
	return n, ctx.Err()
}

// indexChunk indexes c's articles in one batch, once the chunks it must
// follow are in.
func (ix *Index) indexChunk(c chunk, order *gate) error {
	defer order.done(c.seq)
	if c.err != nil {
		return c.err
	}
	order.waitFor(c.after)
	b := ix.idx.NewBatch()
	for _, a := range c.articles {
		if err := b.Index(docID(a.ID), document(a)); err != nil {
			return fmt.Errorf("index article %d: %w", a.ID, err)
		}
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("index articles %d to %d: %w", c.articles[0].ID, c.articles[len(c.articles)-1].ID, err)
	}
	return nil
}

// setCursor records cursor in a batch of its own and returns the channel
// that gets the outcome of writing it to disk.
func (ix *Index) setCursor(cursor uint64) (<-chan error, error) {
	b := ix.idx.NewBatch()
	b.SetInternal(keyCursor, binary.BigEndian.AppendUint64(nil, cursor))
	written, err := ix.apply(b)
	if err != nil {
		return nil, fmt.Errorf("index cursor %d: %w", cursor, err)
	}
	return written, nil
}

// apply applies b and returns the channel that gets the outcome of its
// write to disk.
func (ix *Index) apply(b *bleve.Batch) (<-chan error, error) {
	written := make(chan error, 1)
	b.SetPersistedCallback(func(err error) { written <- err })
	if err := ix.idx.Batch(b); err != nil {
		return nil, err
	}
	return written, nil
}
