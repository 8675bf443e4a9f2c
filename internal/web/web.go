package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Options are what the interface shows. DB and Feeds are required.
type Options struct {
	DB *store.DB
	// Index is the search index; nil: the search page and the charts say
	// it is not open.
	Index *search.Index
	// Search runs the search page's queries on Index; nil: a searcher of
	// its own, with the default limits. The daemon passes the one its API
	// uses, so that the limit on concurrent searches holds for both.
	Search *api.Searcher
	// Feeds returns the feeds' rows, as GET /feeds serves them.
	Feeds  func() ([]api.FeedStatus, error)
	Logger *slog.Logger     // default discards
	Now    func() time.Time // default time.Now
}

// UI is the web interface.
type UI struct {
	o     Options
	pages map[string]*template.Template
}

// New returns the interface of o, its templates parsed.
func New(o Options) (*UI, error) {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Search == nil && o.Index != nil {
		o.Search = api.NewSearcher(o.Index, o.DB, api.SearchLimits{})
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	return &UI{o: o, pages: pages}, nil
}

// parsePages parses each page's template with the layout.
func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout").Funcs(funcs()).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"feeds", "articles", "article", "search", "login", "error"} {
		t, err := template.Must(layout.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// funcs are the templates' helpers.
func funcs() template.FuncMap {
	return template.FuncMap{
		"when":       when,
		"join":       strings.Join,
		"paragraphs": paragraphs,
	}
}

// when is a time as the pages show it, in UTC; "-" when zero.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// paragraphs splits an article's text at its line breaks.
func paragraphs(text string) []string {
	var out []string
	for p := range strings.SplitSeq(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Handler routes the pages. The API mounts it behind its token rule, at /
// and for GET /search (the page) and GET /login (the form).
func (u *UI) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", u.serveFeeds)
	mux.HandleFunc("GET /articles", u.serveArticles)
	mux.HandleFunc("GET /articles/{id}", u.serveArticle)
	mux.HandleFunc("GET /articles/{id}/capture", u.serveCapture)
	mux.HandleFunc("GET "+api.PathSearch, u.serveSearch)
	mux.HandleFunc("GET "+api.PathLogin, u.serveLogin)
	static, _ := fs.Sub(staticFiles, "static") // the directory is embedded: it exists
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	return api.Secure(mux)
}

// page is what the layout renders around a page's content.
type page struct {
	Title string
	Query string // the search box's text
	Data  any    // the page's own
}

// render renders page name with p, status code: into a buffer first, so
// that a template error is a clean 500 and not half a page.
func (u *UI) render(w http.ResponseWriter, code int, name string, p page) {
	var buf bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		u.o.Logger.Error("render page", "page", name, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// fail answers an error page saying msg.
func (u *UI) fail(w http.ResponseWriter, code int, msg string) {
	u.render(w, code, "error", page{Title: http.StatusText(code), Data: msg})
}
