package search

import (
	"context"
	"log/slog"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// Follow catches up with db now and then every interval until ctx ends:
// the index lags the archive by at most about interval, and archiving
// never waits for it. An error is logged when it begins or changes, with
// the index's path, and tried again at the next tick; its end is logged
// too. Health says meanwhile what is wrong.
func (ix *Index) Follow(ctx context.Context, db *store.DB, every time.Duration, log *slog.Logger) {
	log = log.With("path", ix.path)
	t := time.NewTicker(every)
	defer t.Stop()
	failing := ""
	for {
		n, err := ix.CatchUp(ctx, db, nil)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && err.Error() != failing:
			log.Error("search index: cannot keep up with the archive", "err", err)
			failing = err.Error()
		case err == nil && failing != "":
			log.Info("search index: keeping up again", "articles", n)
			failing = ""
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
