package main

import (
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/store"
)

// Trailers of /export: the number of articles written when the export is
// complete, the error when it failed after the status was sent. A client
// that gets neither knows the stream was cut.
const (
	trailerExported      = "Depeche-Export-Articles"
	trailerExportSkipped = "Depeche-Export-Skipped" // WARC: articles without a stored page
	trailerExportShared  = "Depeche-Export-Shared"  // WARC with revisions: versions whose page an earlier one holds
	trailerExportError   = "Depeche-Export-Error"
)

// Trailers of /backup: that the copy is whole, or why it is not.
const (
	trailerBackupDone  = "Depeche-Backup-Done"
	trailerBackupError = "Depeche-Backup-Error"
)

// api serves the daemon's endpoints over its open archive.
type api struct {
	db       *store.DB
	writable *writableCheck // whether db takes writes, checked at most once a second
	states   stateSource    // the feeds' states, polls not yet written included
	// feeds are the feeds polled now: a reload changes them.
	feeds    func() []crawler.Feed
	running  func() bool  // whether the scheduler polls
	metrics  http.Handler // /metrics
	backfill http.Handler // POST /backfill, nil when none
	// token, when requireToken is set, is the bearer token every endpoint
	// but /healthz and /metrics asks for.
	token        string
	requireToken bool
	log          *slog.Logger
	reload       http.HandlerFunc // POST /reload; nil: no such route
}

// handler routes the endpoints. /healthz and /metrics are open, for
// probes and scrapers; the rest may need the token.
func (a *api) handler() http.Handler {
	private := http.NewServeMux()
	private.HandleFunc("GET /feeds", a.serveFeeds)
	private.HandleFunc("GET /export", a.serveExport)
	private.HandleFunc("GET /backup", a.serveBackup)
	if a.reload != nil {
		private.HandleFunc("POST /reload", a.reload)
	}
	if a.backfill != nil {
		private.Handle("POST /backfill", a.backfill)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.serveHealth)
	mux.Handle("GET /metrics", a.metrics)
	mux.Handle("/", a.authorize(private))
	return mux
}

// authorize lets a request through when no token is required or it
// carries the token; else it answers 401.
func (a *api) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.requireToken && !a.hasToken(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="depeche"`)
			http.Error(w, "a bearer token is required (token in the daemon's config)", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hasToken compares in constant time; an empty token matches nothing.
func (a *api) hasToken(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && a.token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(a.token)) == 1
}

// serveHealth answers 200 while the scheduler runs and the archive takes
// writes, 503 with the reason otherwise.
func (a *api) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !a.running() {
		http.Error(w, "the scheduler is not running", http.StatusServiceUnavailable)
		return
	}
	if err := a.writable.get(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// serveFeeds answers the configured feeds' states as a JSON array.
func (a *api) serveFeeds(w http.ResponseWriter, r *http.Request) {
	rows, err := feedStatuses(a.states, a.feeds())
	if err != nil {
		a.log.Error("serve /feeds", "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(rows); err != nil {
		a.log.Debug("serve /feeds: client went away", "err", err)
	}
}

// serveExport streams the export "depeche export" writes, with the same
// filters (?feed=NAME&since=TIME&until=TIME&by=archived&after=CURSOR&revisions=1)
// and format (&format=warc&filename=NAME). The status is sent at once, so
// clients can tell a daemon that answers from one that does not; how the
// export ended comes in the trailers.
func (a *api) serveExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := cmp.Or(q.Get("format"), "jsonl")
	f, err := exportFilter(q.Get("feed"), q.Get("since"), q.Get("until"))
	if err == nil {
		err = exportExtras(&f, q.Get("after"), q.Get("by"), q.Get("revisions") == "1")
	}
	if err == nil {
		err = checkFormat(format, f)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if format == "warc" {
		a.serveWARC(w, f, q.Get("filename"))
		return
	}
	startStream(w, "application/jsonl; charset=utf-8")
	n, err := a.db.Export(w, f)
	if err != nil {
		a.log.Warn("serve /export", "written", n, "err", err)
		w.Header().Set(trailerExportError, err.Error())
		return
	}
	w.Header().Set(trailerExported, strconv.Itoa(n))
}

// serveWARC streams the WARC export of f, as the file name would be
// written by "depeche export -format warc -o NAME".
func (a *api) serveWARC(w http.ResponseWriter, f store.ExportFilter, name string) {
	if name != "" {
		name = filepath.Base(name) // a name, not a path on this machine
	}
	startStream(w, "application/warc")
	st, err := a.db.ExportWARC(w, f, warcOptions(name))
	if err != nil {
		a.log.Warn("serve /export", "format", "warc", "written", st.Articles, "err", err)
		w.Header().Set(trailerExportError, err.Error())
		return
	}
	w.Header().Set(trailerExported, strconv.Itoa(st.Articles))
	w.Header().Set(trailerExportSkipped, strconv.Itoa(st.Skipped))
	w.Header().Set(trailerExportShared, strconv.Itoa(st.Shared))
}

// startStream sends the status of an export at once, with its type and
// the trailers that will say how it ended.
func startStream(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Trailer", trailerExported+", "+trailerExportSkipped+", "+trailerExportShared+", "+trailerExportError)
	w.WriteHeader(http.StatusOK)
	_ = http.NewResponseController(w).Flush() // best effort: a wrapped writer may not flush
}

// serveBackup streams a consistent copy of the archive, as store.Backup
// writes it: a tar of its bbolt file and its captures file.
func (a *api) serveBackup(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/x-tar")
	w.Header().Set("Trailer", trailerBackupDone+", "+trailerBackupError)
	w.WriteHeader(http.StatusOK)
	st, err := a.db.Backup(w, a.db.Path())
	if err != nil {
		a.log.Warn("serve /backup", "err", err)
		w.Header().Set(trailerBackupError, err.Error())
		return
	}
	a.log.Info("backup served", "archive_bytes", st.ArchiveBytes, "captures_bytes", st.CapturesBytes)
	w.Header().Set(trailerBackupDone, "1")
}
