package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/internal/web"
	"github.com/depeche-archiver/depeche/store"
)

// indexLag is how often the daemon's search index catches up with the
// archive: the most it lags behind.
const indexLag = 2 * time.Second

func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("index", "[-config FILE] [-rebuild]",
		"Brings the full-text search index (the archive's path + \".index\") up to date with the\n"+
			"archive, or with -rebuild makes it again from the whole archive. The daemon keeps the\n"+
			"index up to date on its own and rebuilds it when it is missing or unreadable; stop it\n"+
			"first: the index is its while it runs. The archive is the only source of truth.", stderr)
	cfgPath := configFlag(fs)
	rebuild := fs.Bool("rebuild", false, "throw the index away and index the whole archive again")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("index takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	_, err = readArchive(cfg.Archive, func(db *store.DB) (struct{}, error) {
		return struct{}{}, updateIndex(ctx, db, *rebuild, stdout, stderr)
	})
	return err
}

// updateIndex catches the index of db up with it, from scratch when
// rebuild is set, reporting progress on stderr and the outcome on stdout.
func updateIndex(ctx context.Context, db *store.DB, rebuild bool, stdout, stderr io.Writer) error {
	path := search.Path(db.Path())
	open := search.Open
	if rebuild {
		open = search.Create
	}
	ix, err := open(path)
	if err != nil {
		return err
	}
	if why := ix.Created(); why != "" && !rebuild {
		fmt.Fprintf(stderr, "index %s %s: indexing the whole archive\n", path, why)
	}
	start := time.Now()
	last := start
	n, err := ix.CatchUp(ctx, db, func(n int) {
		if now := time.Now(); now.Sub(last) >= 5*time.Second {
			fmt.Fprintf(stderr, "%d articles indexed (%.0f/s)\n", n, float64(n)/now.Sub(start).Seconds())
			last = now
		}
	})
	err = errors.Join(err, ix.Close())
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "indexed %d articles in %s (%.0f/s) into %s\n", n, took.Round(time.Millisecond),
		float64(n)/max(took.Seconds(), 1e-9), path)
	return nil
}

// openIndex opens the daemon's search index and follows db with it in
// the background until stop, which waits for the follower and closes the
// index (once: later calls return the first's error). When the index cannot be had the daemon archives without it: the
// error is logged and ix is nil.
func openIndex(ctx context.Context, db *store.DB, log *slog.Logger) (ix *search.Index, stop func() error) {
	path := search.Path(db.Path())
	ix, err := search.Open(path)
	if err != nil {
		log.Error("search index: not available, archiving without it", "path", path, "err", err)
		return nil, func() error { return nil }
	}
	if why := ix.Created(); why != "" {
		log.Info("search index: indexing the archive in the background", "path", path, "why", why)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { ix.Follow(ctx, db, indexLag, log) })
	return ix, sync.OnceValue(func() error {
		cancel()
		wg.Wait()
		return ix.Close()
	})
}

// webUI is the daemon's web interface over db and ix (nil: none open),
// searching with searcher (the API's), with the feeds' rows as GET /feeds
// gives them.
func webUI(db *store.DB, ix *search.Index, searcher *api.Searcher, states api.StateSource, fl func() []store.Feed, log *slog.Logger) (http.Handler, error) {
	ui, err := web.New(web.Options{
		DB: db, Index: ix, Search: searcher, Logger: log,
		Feeds: func() ([]api.FeedStatus, error) { return api.FeedStatuses(states, db.Coverage, fl()) },
	})
	if err != nil {
		return nil, err
	}
	return ui.Handler(), nil
}
