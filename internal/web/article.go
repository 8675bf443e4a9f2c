package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/depeche-archiver/depeche/internal/worddiff"
	"github.com/depeche-archiver/depeche/store"
)

// articleData is one article's page.
type articleData struct {
	Article   *store.Article
	Revisions []revision // newest first, the first version left out
	Record    string     // the export record, indented JSON
}

// revision is a version of an article and how it differs from the one
// before.
type revision struct {
	*store.Article
	Diffs []fieldDiff
}

// fieldDiff is the word diff of one text field between two versions.
type fieldDiff struct {
	Field string
	Ops   []diffOp
}

// diffOp is a worddiff piece, its kind spelled for the template: Words
// inside the marks of Kind, Space after them.
type diffOp struct {
	Kind  string // "equal", "insert" or "delete"
	Words string
	Space string
}

// serveArticle shows one article: metadata, text, images as links, its
// revisions with word diffs, the withdrawn marker and its record.
func (u *UI) serveArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := u.articleID(w, r)
	if !ok {
		return
	}
	versions, err := u.o.DB.Revisions(id)
	if err != nil {
		u.articleError(w, id, err)
		return
	}
	cur := versions[len(versions)-1]
	rec, err := json.MarshalIndent(store.RecordOf(cur), "", "  ")
	if err != nil {
		u.fail(w, http.StatusInternalServerError, fmt.Sprintf("article %d: encode its record: %v", id, err))
		return
	}
	d := articleData{Article: cur, Record: string(rec)}
	for i := len(versions) - 1; i > 0; i-- {
		d.Revisions = append(d.Revisions, revision{Article: versions[i], Diffs: diffs(versions[i-1], versions[i])})
	}
	u.render(w, http.StatusOK, "article", page{Title: cmpOr(cur.Title, "Article "+strconv.FormatUint(id, 10)), Data: d})
}

// diffs compares the text fields of two versions word by word, leaving
// out those that did not change.
func diffs(old, cur *store.Article) []fieldDiff {
	var out []fieldDiff
	for _, f := range []struct{ name, old, cur string }{
		{"title", old.Title, cur.Title}, {"lead", old.Lead, cur.Lead},
		{"author", old.Author, cur.Author}, {"text", old.Text, cur.Text},
	} {
		ops := worddiff.Diff(f.old, f.cur)
		if !worddiff.Changed(ops) {
			continue
		}
		fd := fieldDiff{Field: f.name}
		for _, p := range worddiff.Pieces(ops) {
			fd.Ops = append(fd.Ops, diffOp{Kind: p.Kind.String(), Words: p.Words, Space: p.Space})
		}
		out = append(out, fd)
	}
	return out
}

// serveCapture sends the page an article was cleaned from as a file to
// save, never to show: attachment, octet-stream, sandboxed.
func (u *UI) serveCapture(w http.ResponseWriter, r *http.Request) {
	id, ok := u.articleID(w, r)
	if !ok {
		return
	}
	c, err := u.o.DB.Capture(id)
	if err != nil {
		u.articleError(w, id, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="depeche-article-%d.html"`, id))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.Itoa(len(c.Body)))
	w.Write(c.Body)
}

// articleID reads the path's id; on a bad one it answers 404.
func (u *UI) articleID(w http.ResponseWriter, r *http.Request) (uint64, bool) {
	id, err := strconv.ParseUint(r.PathValue("id"), 10, 64)
	if err != nil || id == 0 {
		u.fail(w, http.StatusNotFound, fmt.Sprintf("%q is not an article id", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

// articleError answers a failed read of article id: 404 when it does not
// exist (or has no capture), else 500.
func (u *UI) articleError(w http.ResponseWriter, id uint64, err error) {
	if errors.Is(err, store.ErrNotFound) {
		u.fail(w, http.StatusNotFound, fmt.Sprintf("article %d: not in the archive", id))
		return
	}
	u.o.Logger.Warn("web: read article", "id", id, "err", err)
	u.fail(w, http.StatusInternalServerError, err.Error())
}
