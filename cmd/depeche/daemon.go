package main

import (
	"context"
	"errors"
	"io"
	"log/slog"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/memlimit"
	"github.com/depeche-archiver/depeche/store"
)

func runDaemon(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("run", "[-config FILE]",
		"Polls each feed on its interval and archives new articles until SIGINT or SIGTERM.\n"+
			"Serves on the config's listen address: GET /healthz, /metrics, /feeds, /items,\n"+
			"/revisions, /revisits, /export, /backup and /search; POST /reload and /backfill;\n"+
			"the web interface at / (/articles, /articles/ID, /static/) with its /login form.\n"+
			"It answers only for its own address and the config's hosts (421 otherwise) and\n"+
			"refuses a POST from another site's page (403); see docs/listener.md.\n"+
			"SIGHUP (or depeche reload) re-reads the config: feeds and site rules apply at once.", stderr)
	cfgPath := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("run takes no arguments, got %q", fs.Args())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	fl, err := feeds(cfg, "")
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	defer memlimit.Govern(ctx, int64(cfg.MemoryLimit), log)()
	db, err := store.Open(cfg.Archive, store.Options{})
	if err != nil {
		return err
	}
	err = daemon(ctx, *cfgPath, cfg, db, fl, log)
	return errors.Join(err, db.Close())
}

// daemon runs the scheduler over db until ctx ends, with the listener
// started before it and stopped after it, so that /healthz and /metrics
// see the whole run and the archive outlives both. SIGHUP and POST /reload
// re-read the config at cfgPath ("" for the embedded default).
func daemon(ctx context.Context, cfgPath string, cfg *config.Config, db *store.DB, fl []store.Feed, log *slog.Logger) error {
	reg := api.NewRegistry()
	node, err := joinCluster(cfg, log)
	if err != nil {
		return err
	}
	c, err := newCrawler(cfg, db, log, crawler.NewMetrics(reg), inCluster(node))
	if err != nil {
		return err
	}
	if node != nil {
		defer node.Close()
		if err := node.RegisterMetrics(reg, db, c.OwnedFeeds); err != nil {
			return err
		}
		nodeCtx, stopNode := context.WithCancel(context.WithoutCancel(ctx))
		nodeDone := make(chan struct{})
		go func() { defer close(nodeDone); node.Run(nodeCtx, db) }()
		defer func() { stopNode(); <-nodeDone }() // after the crawler: its last records are in the outbox
	}
	rl := newReloader(cfgPath, cfg, fl, c, log)
	reg.MustRegister(api.NewArchiveCollector(db.Path(), c.FeedStates, db.Coverage, db.Revisits, rl.current))
	ix, stopIndex := openIndex(ctx, db, log)
	defer stopIndex() // on an early return; the end stops it and reports
	if ix != nil {
		reg.MustRegister(api.NewIndexCollector(ix))
	}
	var l *api.Listener
	if cfg.Listen != "" {
		var searcher *api.Searcher
		if ix != nil {
			searcher = api.NewSearcher(ix, db, searchLimits(cfg))
		}
		ui, err := webUI(db, ix, searcher, c.FeedStates, rl.current, log)
		if err != nil {
			return err
		}
		srv := api.NewServer(api.Options{
			Search: searcher, UI: ui,
			DB: db, States: c.FeedStates, Feeds: rl.current, Running: c.Running,
			Metrics: api.MetricsHandler(reg, log), Token: cfg.Token, RequireToken: cfg.TokenRequired(),
			Listen: cfg.Listen, Hosts: cfg.Hosts,
			Reload:   func() (api.ReloadResult, error) { return rl.reloadAndLog("POST /reload") },
			Backfill: backfillInDaemon(c, db, rl.config),
			Software: software(), Logger: log, Cluster: clusterHealth(node),
		})
		if l, err = api.Listen(cfg.Listen, srv.Handler(), log); err != nil {
			return err
		}
	}
	stopHUP := rl.onSIGHUP(ctx)
	log.Info("depeche started", "archive", cfg.Archive, "feeds", len(fl))
	err = c.Run(ctx, fl)
	stopHUP()
	log.Info("depeche stopping", "reason", context.Cause(ctx))
	if l != nil {
		err = errors.Join(err, l.Shutdown())
	}
	return errors.Join(err, stopIndex())
}
