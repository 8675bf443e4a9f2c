package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// Paging of the articles list.
const (
	pageSize = 50
	// pageScan bounds the articles one page reads: a filter that keeps
	// few gives a short page and a link to go on, not a long wait.
	pageScan = 5000
)

// filter is the articles list's form, as the query gives it.
type filter struct {
	Feed, Lang, Since, Until, Source string
}

// articlesData is the articles page's.
type articlesData struct {
	Filter   filter
	Feeds    []string // the form's choices
	Articles []*store.Article
	Next     string // the next page's URL; "" at the end
	Error    string
}

// serveArticles lists the articles newest first (by archive order),
// filtered, a page at a time with ?before=ID as the cursor.
func (u *UI) serveArticles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := filter{Feed: q.Get("feed"), Lang: q.Get("lang"), Since: q.Get("since"), Until: q.Get("until"), Source: q.Get("source")}
	d := articlesData{Filter: f, Feeds: u.feedNames()}
	keep, err := f.match()
	if err != nil {
		d.Error = err.Error()
		u.render(w, http.StatusBadRequest, "articles", page{Title: "Articles", Data: d})
		return
	}
	before, err := strconv.ParseUint(cmpOr(q.Get("before"), "0"), 10, 64)
	if err != nil {
		u.fail(w, http.StatusBadRequest, "before="+q.Get("before")+": not an article id")
		return
	}
	list, next, err := u.o.DB.Before(before, pageSize, pageScan, keep)
	if err != nil {
		u.o.Logger.Warn("web: list articles", "err", err)
		u.fail(w, http.StatusInternalServerError, "the articles could not be read: "+err.Error())
		return
	}
	d.Articles = list
	if next > 0 {
		q.Set("before", strconv.FormatUint(next, 10))
		d.Next = "/articles?" + q.Encode()
	}
	u.render(w, http.StatusOK, "articles", page{Title: "Articles", Data: d})
}

// match is the article test f asks for.
func (f filter) match() (func(*store.Article) bool, error) {
	var since, until time.Time
	var err error
	if f.Since != "" {
		if since, _, err = search.ParseTime(f.Since); err != nil {
			return nil, err
		}
	}
	if f.Until != "" {
		var day bool
		if until, day, err = search.ParseTime(f.Until); err != nil {
			return nil, err
		}
		if day {
			until = until.AddDate(0, 0, 1) // the form's until is a day, included
		}
	}
	lang := strings.ToLower(f.Lang)
	return func(a *store.Article) bool {
		t := a.Published
		if t.IsZero() {
			t = a.Fetched
		}
		return (f.Feed == "" || slices.Contains(a.Feeds, f.Feed)) &&
			(lang == "" || strings.HasPrefix(strings.ToLower(a.Language), lang)) &&
			(f.Source == "" || cmpOr(a.Source, store.SourcePage) == f.Source) &&
			(since.IsZero() || !t.Before(since)) &&
			(until.IsZero() || t.Before(until))
	}, nil
}

// feedNames are the configured feeds' names, for the form.
func (u *UI) feedNames() []string {
	rows, err := u.o.Feeds()
	if err != nil {
		return nil
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Name
	}
	return out
}

// cmpOr is s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// queryURL is path with query q.
func queryURL(path string, q url.Values) string { return path + "?" + q.Encode() }
