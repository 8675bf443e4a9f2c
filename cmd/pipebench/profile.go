package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// profileCrawl polls every mirror feed once in this process, as `depeche
// backfill` does before its past walk (crawler.PollAll with the options
// the command builds from the generated config), under the CPU profiler.
// The mirror runs in the same process: its share shows in the profile
// under net/http's server.
func profileCrawl(ctx context.Context, o options, m *mirror, cl *clean.Cleaner, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "pipebench-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(filepath.Join(dir, "profile.db"), store.Options{})
	if err != nil {
		return err
	}
	c, err := crawler.New(db, cl, crawlOptions(o))
	if err != nil {
		return errors.Join(err, db.Close())
	}
	f, err := os.Create(o.profile)
	if err != nil {
		return errors.Join(err, db.Close())
	}
	var sums []crawler.Summary
	var errs []error
	start, err := profiled(f, func() { sums, errs = c.PollAll(ctx, mirrorFeeds(m)) })
	took, archived := time.Since(start), 0
	for _, s := range sums {
		archived += s.New
	}
	fmt.Fprintf(stderr, "pipebench: %d of %d articles archived in process in %.1f s (%.0f/s); CPU profile in %s\n",
		archived, m.articles, took.Seconds(), float64(archived)/took.Seconds(), o.profile)
	err = errors.Join(append(errs, err)...)
	return errors.Join(err, f.Close(), db.Close())
}

// profiled runs fn under the CPU profiler writing to w, and returns when
// fn started.
func profiled(w io.Writer, fn func()) (time.Time, error) {
	if err := pprof.StartCPUProfile(w); err != nil {
		return time.Time{}, fmt.Errorf("profile: %w", err)
	}
	start := time.Now()
	fn()
	pprof.StopCPUProfile()
	return start, nil
}

// profiledLimit runs one limit, under the CPU profiler writing to path
// when path is not empty.
func profiledLimit(path string, fn func() (stage, error), stderr io.Writer) (stage, error) {
	if path == "" {
		return fn()
	}
	f, err := os.Create(path)
	if err != nil {
		return stage{}, fmt.Errorf("profile: %w", err)
	}
	var s stage
	_, perr := profiled(f, func() { s, err = fn() })
	if err = errors.Join(err, perr, f.Close()); err == nil {
		fmt.Fprintln(stderr, "pipebench: CPU profile in", path)
	}
	return s, err
}

// crawlOptions are the options depeche builds from the generated config.
func crawlOptions(o options) crawler.Options {
	return crawler.Options{
		UserAgent: config.DefaultUserAgent, AllowPrivateNetworks: true,
		HostParallel: o.hostParallel, Workers: o.workers, MaxParallel: 2 * o.hostParallel,
	}
}

// mirrorFeeds lists the mirror's feeds as the crawler takes them.
func mirrorFeeds(m *mirror) []store.Feed {
	fl := make([]store.Feed, m.feeds())
	for f := range fl {
		fl[f] = store.Feed{Name: fmt.Sprintf("f%d", f), URL: m.feedURL(f), Interval: config.DefaultInterval}
	}
	return fl
}
