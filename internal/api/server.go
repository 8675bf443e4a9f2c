package api

import (
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// Options are what the server serves from. DB, States, Feeds and Running
// are required.
type Options struct {
	DB *store.DB
	// States reads the feeds' states: in the daemon the crawler's, which
	// adds the polls not yet written to the archive.
	States StateSource
	// Feeds returns the feeds polled now: a reload changes them.
	Feeds   func() []store.Feed
	Running func() bool  // whether the scheduler polls
	Metrics http.Handler // GET /metrics; nil: no such route
	// Token, when RequireToken is set, is the bearer token every endpoint
	// but /healthz and /metrics asks for.
	Token        string
	RequireToken bool
	// Listen is the address the listener was given (the config's listen):
	// its host is one of the names the listener answers for. Hosts are
	// the others (the config's hosts), each a name or name:port.
	Listen string
	Hosts  []string
	// Reload re-reads the daemon's config for POST /reload; nil: no such
	// route.
	Reload func() (ReloadResult, error)
	// Backfill checks a POST /backfill request and returns the backfill to
	// run; nil: no such route.
	Backfill func(BackfillRequest) (BackfillRun, error)
	// Cluster, when the daemon is a cluster node, says why the node cannot
	// take part (NATS unreachable): /healthz answers 503 with it. nil when
	// alone.
	Cluster func() error
	// Search runs the searches of GET /search?format=json; nil (no index
	// open): 503.
	Search *Searcher
	// UI is the web interface, served at / and for GET /search without
	// format=json, behind the token as the API is; nil: none.
	UI       http.Handler
	Software string           // names the writer in WARC exports, e.g. "depeche v1.4"
	Logger   *slog.Logger     // default discards
	Now      func() time.Time // default time.Now
}

// Server serves the API over the daemon's open archive.
type Server struct {
	o        Options
	writable *writableCheck // whether the archive takes writes, checked at most once a second
	backfill sync.Mutex     // one backfill at a time
	logins   *loginLimit    // failed logins by client
}

// NewServer returns the server of o.
func NewServer(o Options) *Server {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Server{o: o, writable: &writableCheck{check: o.DB.CheckWritable, ttl: time.Second, now: o.Now}, logins: newLoginLimit(o.Now)}
}

// Handler routes the endpoints. Every answer carries the Secure headers.
// Before any route, a request for another host than the listener's is
// refused (checkHost), and so is a request that would change state from
// another site (crossOrigin). /healthz and /metrics are open, for probes
// and scrapers; the rest may need the token. A wrong method gets 405.
func (s *Server) Handler() http.Handler {
	private := newRouter()
	private.handleFunc(http.MethodGet, PathFeeds, s.serveFeeds)
	private.handleFunc(http.MethodGet, PathItems, s.serveItems)
	private.handleFunc(http.MethodGet, PathRevisions, s.serveRevisions)
	private.handleFunc(http.MethodGet, PathRevisits, s.serveRevisits)
	private.handleFunc(http.MethodGet, PathExport, s.serveExport)
	private.handleFunc(http.MethodGet, PathBackup, s.serveBackup)
	private.handleFunc(http.MethodGet, PathSearch, s.serveSearch)
	if s.o.UI != nil {
		private.mux.Handle("/", s.o.UI)
	}
	if s.o.Reload != nil {
		private.handleFunc(http.MethodPost, PathReload, s.serveReload)
	}
	if s.o.Backfill != nil {
		private.handleFunc(http.MethodPost, PathBackfill, s.serveBackfill)
	}
	open := newRouter()
	open.handleFunc(http.MethodGet, PathHealth, s.serveHealth)
	if s.o.Metrics != nil {
		open.handle(http.MethodGet, PathMetrics, s.o.Metrics)
	}
	if s.o.UI != nil {
		open.handle(http.MethodGet, PathLogin, s.o.UI)
		open.handleFunc(http.MethodPost, PathLogin, s.serveLogin)
	}
	open.mux.Handle("/", s.authorize(private))
	return Secure(s.checkHost(crossOrigin(open)))
}

// authorize lets a request through when no token is required or it
// carries the token; else it answers 401.
func (s *Server) authorize(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.o.RequireToken && !s.hasToken(r) {
			if s.o.UI != nil && wantsPage(r) {
				http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="depeche"`)
			http.Error(w, "a bearer token is required (token in the daemon's config)", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hasToken reports whether r carries the token as a bearer token, or the
// cookie of a session a login with the token started.
func (s *Server) hasToken(r *http.Request) bool {
	if got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return s.isToken(got)
	}
	c, err := r.Cookie(CookieSession)
	return err == nil && s.isSession(c.Value)
}

// isToken compares in constant time; an empty token matches nothing.
func (s *Server) isToken(got string) bool {
	return s.o.Token != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.o.Token)) == 1
}

// serveHealth answers 200 while the scheduler runs and the archive takes
// writes, 503 with the reason otherwise.
func (s *Server) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !s.o.Running() {
		http.Error(w, "the scheduler is not running", http.StatusServiceUnavailable)
		return
	}
	if err := s.writable.get(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	if s.o.Cluster != nil {
		if err := s.o.Cluster(); err != nil {
			http.Error(w, "cluster: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

// serveBackup streams a consistent copy of the archive, as store.Backup
// writes it: a tar of its bbolt file and its captures file.
func (s *Server) serveBackup(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/x-tar")
	w.Header().Set("Trailer", TrailerBackupDone+", "+TrailerBackupError)
	w.WriteHeader(http.StatusOK)
	st, err := s.o.DB.Backup(w, s.o.DB.Path())
	if err != nil {
		s.o.Logger.Warn("serve /backup", "err", err)
		w.Header().Set(TrailerBackupError, err.Error())
		return
	}
	s.o.Logger.Info("backup served", "archive_bytes", st.ArchiveBytes, "captures_bytes", st.CapturesBytes)
	w.Header().Set(TrailerBackupDone, "1")
}

// writeJSON answers v as JSON, for the GET at path.
func (s *Server) writeJSON(w http.ResponseWriter, path string, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		s.o.Logger.Debug("serve "+path+": client went away", "err", err)
	}
}
