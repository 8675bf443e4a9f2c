package web

import (
	"net/http"
	"strconv"

	"github.com/depeche-archiver/depeche/internal/api"
)

// searchData is the search page's.
type searchData struct {
	Results *api.SearchResponse
	Next    string // the next page of results; "" on the last
	Error   string
}

// serveSearch runs the query of the search box and shows the hits with
// their matched words marked.
func (u *UI) serveSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := page{Title: "Search", Query: q.Get("q")}
	req, err := api.ParseSearchRequest(q)
	if err != nil {
		p.Data = searchData{Error: err.Error()}
		u.render(w, http.StatusBadRequest, "search", p)
		return
	}
	if u.o.Index == nil {
		p.Data = searchData{Error: "the search index is not open (see the daemon's log)"}
		u.render(w, http.StatusServiceUnavailable, "search", p)
		return
	}
	if q.Get("q") == "" && req.Feed == "" && req.Since.IsZero() && req.Until.IsZero() {
		u.render(w, http.StatusOK, "search", p) // the empty box: nothing asked yet
		return
	}
	res, err := u.o.Search.Search(r.Context(), req)
	switch status := api.SearchStatus(err); {
	case err == nil:
	case status == 0:
		u.o.Logger.Debug("web: search: client went away", "err", err)
		return
	case status == http.StatusInternalServerError:
		u.o.Logger.Warn("web: search", "err", err)
		u.fail(w, status, err.Error())
		return
	default:
		api.SetRetryAfter(w.Header(), err)
		p.Data = searchData{Error: err.Error()}
		u.render(w, status, "search", p)
		return
	}
	d := searchData{Results: &res}
	size := max(req.Size, len(res.Hits))
	if next := req.From + size; len(res.Hits) > 0 && uint64(next) < res.Total {
		q.Set("from", strconv.Itoa(next))
		d.Next = queryURL(api.PathSearch, q)
	}
	p.Data = d
	u.render(w, http.StatusOK, "search", p)
}
