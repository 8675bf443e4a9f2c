package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/store"
)

// trailerBackfillError carries why a backfill run by the daemon failed.
const trailerBackfillError = "Depeche-Backfill-Error"

// backfillAPI runs `depeche backfill` inside the daemon, so that nobody
// has to stop it to backfill: the same archive, the same per-host budget,
// at low priority beside the daemon's polls. One backfill at a time.
type backfillAPI struct {
	c   *crawler.Crawler
	db  *store.DB
	cfg func() *config.Config // the config in use, reloads included
	mu  sync.Mutex
}

// ServeHTTP answers POST /backfill?feed=&since=&until=&max=&restart=1
// with the backfill's progress and summary as text, and its error, if
// any, in a trailer.
func (b *backfillAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	po, err := pastQuery(q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cfg := b.cfg()
	fl, err := feeds(cfg, q.Get("feed"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !b.mu.TryLock() {
		http.Error(w, "a backfill is already running in the daemon", http.StatusConflict)
		return
	}
	defer b.mu.Unlock()
	w.Header().Set("Trailer", trailerBackfillError)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	out := flushWriter{w}
	log := slog.New(slog.NewTextHandler(out, nil))
	ctx := crawler.LowPriority(r.Context())
	err = backfillPast(ctx, b.c, b.db, cfg, fl, polls{}, po, out, out, log)
	if err != nil {
		w.Header().Set(trailerBackfillError, err.Error())
	}
}

// pastQuery reads backfill bounds from a query.
func pastQuery(q url.Values) (pastOptions, error) {
	f, err := exportFilter("", q.Get("since"), q.Get("until"))
	if err != nil {
		return pastOptions{}, err
	}
	po := pastOptions{since: f.Since, until: f.Until, restart: q.Get("restart") == "1"}
	if m := q.Get("max"); m != "" {
		if po.max, err = strconv.Atoi(m); err != nil {
			return pastOptions{}, fmt.Errorf("max %q: not a number", m)
		}
	}
	return po, nil
}

// flushWriter sends each write to the client at once.
type flushWriter struct{ w http.ResponseWriter }

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if fl, ok := f.w.(http.Flusher); ok {
		fl.Flush()
	}
	return n, err
}

// backfillThroughDaemon asks the running daemon to backfill, for a
// backfill command that found the archive held.
func backfillThroughDaemon(ctx context.Context, cfg *config.Config, feed string, po pastOptions, stdout io.Writer, locked error) error {
	d := newDaemonClient(cfg)
	if d == nil {
		return locked
	}
	q := url.Values{"feed": {feed}, "max": {strconv.Itoa(po.max)}}
	if !po.since.IsZero() {
		q.Set("since", po.since.Format(timeLayout))
	}
	if !po.until.IsZero() {
		q.Set("until", po.until.Format(timeLayout))
	}
	if po.restart {
		q.Set("restart", "1")
	}
	resp, err := d.do(ctx, http.MethodPost, "/backfill", q)
	if err != nil {
		return fmt.Errorf("%w; asking the daemon at %s failed too: %v", locked, d, err)
	}
	defer resp.Body.Close()
	fmt.Fprintf(stdout, "backfill through the running daemon at %s (the daemon polls the feeds itself)\n", d)
	if _, err := io.Copy(stdout, resp.Body); err != nil {
		return fmt.Errorf("POST /backfill: %w", err)
	}
	if msg := resp.Trailer.Get(trailerBackfillError); msg != "" {
		return fmt.Errorf("backfill in the daemon: %s", msg)
	}
	return nil
}

// timeLayout writes times for a query.
const timeLayout = "2006-01-02T15:04:05Z07:00"
