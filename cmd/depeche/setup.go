package main

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
	"github.com/depeche-archiver/depeche/internal/secret"
	"github.com/depeche-archiver/depeche/store"
)

// newLogger builds the one log handler, as the config asks.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level)) // validated by config
	opts := logOptions(level)
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// logOptions are the options of every log handler a command builds: the
// user information of any URL logged (a feed's, in an error...) masked.
func logOptions(level slog.Leveler) *slog.HandlerOptions {
	return &slog.HandlerOptions{Level: level, ReplaceAttr: secret.MaskAttr}
}

// newCrawler opens what a crawling command needs: the cleaner and the
// crawler over db, recording into metrics (nil records nothing).
func newCrawler(cfg *config.Config, db *store.DB, log *slog.Logger, metrics *crawler.Metrics, more ...func(*crawler.Options)) (*crawler.Crawler, error) {
	cl, err := clean.New(cfg.Rules())
	if err != nil {
		return nil, fmt.Errorf("site rules: %w", err)
	}
	opts := crawlerOptions(cfg, log)
	opts.Metrics = metrics
	for _, f := range more {
		f(&opts)
	}
	return crawler.New(db, cl, opts)
}

func crawlerOptions(cfg *config.Config, log *slog.Logger) crawler.Options {
	return crawler.Options{
		UserAgent:            cfg.UserAgent,
		AllowPrivateNetworks: cfg.AllowPrivateNetworks,
		Proxy:                cfg.Proxy,
		HostDelay:            cfg.HostDelay.D(),
		HostParallel:         cfg.HostParallel,
		Workers:              cfg.Workers,
		MaxParallel:          cfg.MaxParallel,
		MinInterval:          cfg.MinInterval.D(),
		MaxInterval:          cfg.MaxInterval.D(),
		BackoffCap:           cfg.BackoffCap.D(),
		Jitter:               cfg.Jitter,
		Adaptive:             cfg.Adaptive,
		Timeout:              cfg.Timeout.D(),
		MaxBodyBytes:         cfg.MaxBodyBytes,
		PageRetry: crawler.PageRetry{
			First: cfg.PageRetry.First.D(), Max: cfg.PageRetry.Max.D(), Tries: cfg.PageRetry.Tries,
		},
		Revisit: cfg.RevisitAges(),
		Logger:  log,
		Sites:   siteHeaders(cfg),
	}
}

// siteHeaders gives the crawler the sites entries that have headers.
func siteHeaders(cfg *config.Config) []fetch.SiteHeaders {
	var out []fetch.SiteHeaders
	for _, s := range cfg.Sites {
		if len(s.Headers) > 0 {
			out = append(out, fetch.SiteHeaders{Host: s.Host, PathPrefix: s.PathPrefix, Header: s.Headers.HTTP()})
		}
	}
	return out
}

// feeds converts the configured feeds, keeping only name when it is set.
func feeds(cfg *config.Config, name string) ([]store.Feed, error) {
	var out []store.Feed
	for _, f := range cfg.Feeds {
		if name == "" || f.Name == name {
			out = append(out, store.Feed{Name: f.Name, URL: f.URL, Interval: cfg.FeedInterval(f), Headers: f.Headers.HTTP()})
		}
	}
	if name != "" && len(out) == 0 {
		return nil, usagef("no feed named %q in the config", name)
	}
	return out, nil
}
