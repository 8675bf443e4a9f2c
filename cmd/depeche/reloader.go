package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// reloader re-reads the daemon's config on SIGHUP or POST /reload and
// hands its feeds and site rules to the running crawler. The settings the
// daemon was started with stay; those that changed are named in a warning.
type reloader struct {
	path    string         // the config file; "" re-reads the embedded default
	started *config.Config // the config at start-up
	crawler *crawler.Crawler
	log     *slog.Logger

	mu    sync.Mutex // one reload at a time; guards feeds and cfg
	feeds []store.Feed
	cfg   *config.Config // the config applied last
}

func newReloader(path string, cfg *config.Config, fl []store.Feed, c *crawler.Crawler, log *slog.Logger) *reloader {
	return &reloader{path: path, started: cfg, crawler: c, log: log, feeds: fl, cfg: cfg}
}

// config returns the config applied last (its feeds and site rules are
// the ones in use; other settings are the start-up ones).
func (r *reloader) config() *config.Config {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cfg
}

// current returns the feeds the crawler polls now.
func (r *reloader) current() []store.Feed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.feeds
}

// reload re-reads the config and applies it. A config that does not load
// or validate changes nothing: the error says why, as at start-up.
func (r *reloader) reload() (api.ReloadResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cfg, err := loadConfig(r.path)
	if err != nil {
		return api.ReloadResult{}, err
	}
	fl, err := feeds(cfg, "")
	if err != nil {
		return api.ReloadResult{}, err
	}
	cl, err := clean.New(cfg.Rules())
	if err != nil { // validated by Load: only a bug gets here
		return api.ReloadResult{}, fmt.Errorf("site rules: %w", err)
	}
	res := diffFeeds(r.feeds, fl)
	res.Restart = config.RestartNeeded(r.started, cfg)
	r.crawler.Reload(crawler.Reload{Feeds: fl, Cleaner: cl, Sites: siteHeaders(cfg)})
	r.feeds, r.cfg = fl, cfg
	return res, nil
}

// reloadAndLog reloads and logs the outcome: the way SIGHUP reloads.
func (r *reloader) reloadAndLog(how string) (api.ReloadResult, error) {
	res, err := r.reload()
	if err != nil {
		r.log.Error("config reload refused; carrying on with the config in use", "by", how, "err", err)
		return res, err
	}
	if len(res.Restart) > 0 {
		r.log.Warn("config reload: these settings apply only after a restart", "settings", strings.Join(res.Restart, ","))
	}
	// The crawler logs "config reloaded" with the counts once it applied it.
	r.log.Debug("config re-read", "by", how, "config", configName(r.path))
	return res, nil
}

// diffFeeds counts what a reload from old to new changes, as the crawler
// does: by feed name.
func diffFeeds(old, new []store.Feed) api.ReloadResult {
	res := api.ReloadResult{Feeds: len(new)}
	before := make(map[string]store.Feed, len(old))
	for _, f := range old {
		before[f.Name] = f
	}
	for _, f := range new {
		o, ok := before[f.Name]
		switch {
		case !ok:
			res.Added++
		case !o.Equal(f):
			res.Changed++
		}
		delete(before, f.Name)
	}
	res.Removed = len(before)
	return res
}

// onSIGHUP reloads at each SIGHUP until ctx ends or the returned function
// is called, which waits for a reload in progress. The signal is caught
// from the call on, so the daemon is ready for SIGHUP once it has logged
// that it started.
func (r *reloader) onSIGHUP(ctx context.Context) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_, _ = r.reloadAndLog("SIGHUP") // logged: the daemon carries on either way
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-done
	}
}

// configName names a config path in messages.
func configName(path string) string {
	if path == "" {
		return "(embedded default)"
	}
	return path
}
