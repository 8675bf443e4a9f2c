package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// fetchOnly fetches every article page through crawler.FetchPage from a
// pool of o.workers goroutines. FetchPage builds its client, host limiter,
// robots.txt cache and colly collector at each call; the network under
// them is one shared transport with the crawler's settings, so that
// connections are reused as in the crawler. What stays per call (a
// robots.txt request, answered 404, and a new collector) makes this limit
// a little slower than the crawler's own path, never faster.
func fetchOnly(ctx context.Context, o options, m *mirror) (stage, error) {
	opts := crawler.Options{
		UserAgent: config.DefaultUserAgent, AllowPrivateNetworks: true,
		Transport: sharedTransport(o.hostParallel), HostParallel: o.hostParallel,
		Workers: o.workers, MaxParallel: 2 * o.hostParallel,
	}
	s, err := inProcess("fetch only", func() (int, int, error) {
		done, failed := pool(ctx, m.articles, o.workers, func(n int) error {
			_, err := crawler.FetchPage(ctx, m.articleURL(n), opts)
			return err
		})
		return done, failed, ctx.Err()
	})
	s.note = "crawler.FetchPage, shared transport, mirror CPU included"
	return s, err
}

// sharedTransport has the settings of the crawler's transport.
func sharedTransport(perHost int) *http.Transport {
	return &http.Transport{
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: config.DefaultTimeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   perHost,
		ForceAttemptHTTP2:     true,
	}
}

// cleanOnly cleans every article's page, held in memory, with one worker
// per core. Each worker builds the page (a copy of its base page with the
// marker, some microseconds against milliseconds of cleaning) as the
// mirror would serve it.
func cleanOnly(ctx context.Context, m *mirror, cl *clean.Cleaner) (stage, error) {
	workers := runtime.GOMAXPROCS(0)
	s, err := inProcess("clean only", func() (int, int, error) {
		done, failed := pool(ctx, m.articles, workers, func(n int) error {
			_, err := cl.Clean(clean.Page{URL: m.articleURL(n), ContentType: contentType, Body: articleBody(m.page(n), n)})
			return err
		})
		return done, failed, ctx.Err()
	})
	s.note = "clean.Clean, " + strconv.Itoa(workers) + " workers, pages in memory"
	return s, err
}

// storeOnly writes every article into a new archive in dir: Seen, then
// Save, as the crawler does for each new item, from o.storeCallers
// goroutines. The records are what the crawler would store: the page's
// cleaned fields (cleaned once per base page, before timing) with the
// marker in the text, and the capture of the page as served.
func storeOnly(ctx context.Context, o options, dir string, m *mirror, cl *clean.Cleaner) (stage, error) {
	recs, err := baseRecords(m, cl)
	if err != nil {
		return stage{}, err
	}
	path := filepath.Join(dir, "storeonly.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return stage{}, err
	}
	s, err := inProcess("store only", func() (int, int, error) {
		done, failed := pool(ctx, m.articles, o.storeCallers, func(n int) error {
			return saveArticle(db, m, recs, n)
		})
		return done, failed, errors.Join(ctx.Err(), db.Close())
	})
	s.note = "Seen + Save, " + strconv.Itoa(o.storeCallers) + " callers, captures included"
	if err == nil {
		s.archive, err = store.ArchiveSize(path)
	}
	return s, err
}
