package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/depeche-archiver/depeche/store"
)

// ErrNoArticle is the error of an article reference the archive does not
// know.
var ErrNoArticle = errors.New("no such article in the archive")

// Versions returns every version of the article ref names (its id, or
// one of its URLs), oldest first, as export records: what GET /revisions
// serves and "depeche diff" compares.
func Versions(db *store.DB, ref string) ([]store.Record, error) {
	id, err := articleID(db, ref)
	if err != nil {
		return nil, err
	}
	vs, err := db.Revisions(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("article %s: %w", ref, ErrNoArticle)
	}
	if err != nil {
		return nil, err
	}
	out := make([]store.Record, len(vs))
	for i, v := range vs {
		out[i] = store.RecordOf(v)
	}
	return out, nil
}

// articleID resolves ref: a number is an article id, anything else a URL.
func articleID(db *store.DB, ref string) (uint64, error) {
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		return id, nil
	}
	if !strings.Contains(ref, "://") {
		return 0, &queryError{"article", ref, "want an article id or an http(s) URL"}
	}
	id, found, err := db.ArticleByURL(ref)
	switch {
	case err != nil:
		return 0, err
	case !found:
		return 0, fmt.Errorf("article %s: %w", ref, ErrNoArticle)
	}
	return id, nil
}

// serveRevisions answers every version of the article the query's
// "article" names, as a JSON array of export records, oldest first; 404
// for an article the archive does not know.
func (s *Server) serveRevisions(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("article")
	if ref == "" {
		http.Error(w, (&queryError{"article", ref, "want an article id or URL"}).Error(), http.StatusBadRequest)
		return
	}
	vs, err := Versions(s.o.DB, ref)
	var qe *queryError
	switch {
	case errors.As(err, &qe):
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	case errors.Is(err, ErrNoArticle):
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	case err != nil:
		s.o.Logger.Error("serve "+PathRevisions, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, PathRevisions, vs)
}

// Revisions returns the daemon's GET /revisions for the article ref
// names, waiting at most answerTimeout.
func (c *Client) Revisions(ctx context.Context, ref string) ([]store.Record, error) {
	var vs []store.Record
	return vs, c.getJSON(ctx, PathRevisions, url.Values{"article": {ref}}, &vs)
}
