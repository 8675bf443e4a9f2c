package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/depeche-archiver/depeche/store"
)

// CatchUp indexes every article archived or changed in db after the
// index's cursor, a chunk per batch, each batch moving the cursor with
// it, and returns how many it indexed once they are on disk. progress,
// when not nil, is called after each batch with the running count. It
// stops between batches when ctx ends.
//
// A batch is searchable as soon as it is applied; it is written to disk
// in the background while the next one is made (one at a time, so that
// memory stays bounded), and CatchUp waits for the last to be written
// before it returns.
func (ix *Index) CatchUp(ctx context.Context, db *store.DB, progress func(n int)) (n int, err error) {
	ix.write.Lock()
	defer ix.write.Unlock()
	cursor, err := ix.Cursor()
	if err != nil {
		return 0, err
	}
	var written <-chan error // the last batch's write
	defer func() { err = errors.Join(err, wait(ctx, written)) }()
	for ctx.Err() == nil {
		changed, err := db.Changed(cursor)
		if err != nil || len(changed) == 0 {
			return n, err
		}
		prev := written
		if cursor, written, err = ix.indexBatch(changed); err != nil {
			return n, errors.Join(err, wait(ctx, prev))
		}
		if err := wait(ctx, prev); err != nil { // at most two batches in memory only
			return n, err
		}
		n += len(changed)
		if progress != nil {
			progress(n)
		}
	}
	return n, ctx.Err()
}

// indexBatch indexes articles, in cursor order, and the cursor of the
// last, in one batch; it returns that cursor and the channel that gets
// the outcome of writing the batch to disk.
func (ix *Index) indexBatch(articles []*store.Article) (uint64, <-chan error, error) {
	b := ix.idx.NewBatch()
	for _, a := range articles {
		if err := b.Index(docID(a.ID), document(a)); err != nil {
			return 0, nil, fmt.Errorf("index article %d: %w", a.ID, err)
		}
	}
	last := articles[len(articles)-1].Cursor
	b.SetInternal(keyCursor, binary.BigEndian.AppendUint64(nil, last))
	written, err := ix.apply(b)
	if err != nil {
		return 0, nil, fmt.Errorf("index articles %d to %d: %w", articles[0].ID, articles[len(articles)-1].ID, err)
	}
	return last, written, nil
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

// Follow catches up with db now and then every interval until ctx ends:
// the index lags the archive by at most about interval, and archiving
// never waits for it. Errors are logged and tried again at the next tick.
func (ix *Index) Follow(ctx context.Context, db *store.DB, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		n, err := ix.CatchUp(ctx, db, nil)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("search index: catch up with the archive", "err", err)
		case n > 0:
			log.Debug("search index: caught up", "articles", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// wait returns the outcome of a batch's write; nil for no batch. It gives
// up when ctx ends: a write that fails (a full disk) is retried by the
// index, and a stopping daemon must not wait for it.
func wait(ctx context.Context, written <-chan error) error {
	if written == nil {
		return nil
	}
	select {
	case err := <-written:
		return err
	case <-ctx.Done():
		return fmt.Errorf("wait for the index to be written: %w", ctx.Err())
	}
}
