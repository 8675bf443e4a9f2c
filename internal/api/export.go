package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"

	"github.com/depeche-archiver/depeche/store"
)

// Export formats: the articles as JSONL, or the pages as WARC.
const (
	FormatJSONL = "jsonl"
	FormatWARC  = "warc"
)

// ExportRequest is what GET /export asks for:
// ?feed=NAME&since=TIME&until=TIME&by=archived&after=CURSOR&revisions=1
// &format=warc&filename=NAME.
type ExportRequest struct {
	Filter store.ExportFilter
	Format string // FormatJSONL (the default) or FormatWARC
	// Filename is the name of the file the client writes, for the WARC
	// warcinfo record and its gzip (.gz); its base name only is sent.
	Filename string
}

// Query encodes r as /export's query.
func (r ExportRequest) Query() url.Values {
	q := url.Values{}
	f := r.Filter
	if f.Feed != "" {
		q.Set("feed", f.Feed)
	}
	setTime(q, "since", f.Since)
	setTime(q, "until", f.Until)
	if f.By == store.ByArchived {
		q.Set("by", "archived")
	}
	if f.After != 0 {
		q.Set("after", strconv.FormatUint(f.After, 10))
	}
	setFlag(q, "revisions", f.Revisions)
	if r.Format == FormatWARC {
		q.Set("format", FormatWARC)
		if r.Filename != "" {
			q.Set("filename", filepath.Base(r.Filename))
		}
	}
	return q
}

// ParseExportRequest reads /export's query.
func ParseExportRequest(q url.Values) (ExportRequest, error) {
	r := ExportRequest{Format: cmp.Or(q.Get("format"), FormatJSONL), Filename: q.Get("filename")}
	if r.Format != FormatJSONL && r.Format != FormatWARC {
		return r, &queryError{"format", r.Format, "want jsonl or warc"}
	}
	if r.Filename != "" {
		r.Filename = filepath.Base(r.Filename) // a name, not a path on the daemon's machine
	}
	f := &r.Filter
	f.Feed = q.Get("feed")
	var err error
	if f.Since, err = queryTime(q, "since"); err != nil {
		return r, err
	}
	if f.Until, err = queryTime(q, "until"); err != nil {
		return r, err
	}
	switch by := q.Get("by"); by {
	case "", "published":
		f.By = store.ByPublished
	case "archived":
		f.By = store.ByArchived
	default:
		return r, &queryError{"by", by, "want published or archived"}
	}
	if f.After, err = queryUint(q, "after", "a cursor (the cursor field of an exported line)"); err != nil {
		return r, err
	}
	f.Revisions, err = queryFlag(q, "revisions")
	return r, err
}

// serveExport streams the export of the request's query. The status is
// sent at once, so clients can tell a daemon that answers from one that
// does not; how the export ended comes in the trailers.
func (s *Server) serveExport(w http.ResponseWriter, r *http.Request) {
	req, err := ParseExportRequest(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if req.Format == FormatWARC {
		s.serveWARC(w, req)
		return
	}
	startExport(w, "application/jsonl; charset=utf-8")
	n, err := s.o.DB.Export(w, req.Filter)
	if err != nil {
		s.o.Logger.Warn("serve /export", "written", n, "err", err)
		w.Header().Set(TrailerExportError, err.Error())
		return
	}
	w.Header().Set(TrailerExported, strconv.Itoa(n))
}

// serveWARC streams the WARC export of req, as the file it names would
// be written.
func (s *Server) serveWARC(w http.ResponseWriter, req ExportRequest) {
	startExport(w, "application/warc")
	st, err := s.o.DB.ExportWARC(w, req.Filter, store.WARCFileOptions(req.Filename, s.o.Software))
	if err != nil {
		s.o.Logger.Warn("serve /export", "format", "warc", "written", st.Articles, "err", err)
		w.Header().Set(TrailerExportError, err.Error())
		return
	}
	w.Header().Set(TrailerExported, strconv.Itoa(st.Articles))
	w.Header().Set(TrailerExportSkipped, strconv.Itoa(st.Skipped))
	w.Header().Set(TrailerExportShared, strconv.Itoa(st.Shared))
}

// startExport sends the status of an export at once, with its type and
// the trailers that will say how it ended.
func startExport(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Trailer", TrailerExported+", "+TrailerExportSkipped+", "+TrailerExportShared+", "+TrailerExportError)
	w.WriteHeader(http.StatusOK)
	_ = http.NewResponseController(w).Flush() // best effort: a wrapped writer may not flush
}

// ExportStream is an export the daemon has started to send.
type ExportStream struct {
	resp *http.Response
}

// ExportCounts is what a finished export says it wrote: the articles, and
// for WARC those skipped for want of a stored page and the versions whose
// page an earlier one holds.
type ExportCounts struct {
	Articles, Skipped, Shared int
}

// Export asks the daemon for the export r and returns once it has
// answered, before anything is read: a caller can create its output only
// then, and so leave none behind when no daemon answers.
func (c *Client) Export(ctx context.Context, r ExportRequest) (*ExportStream, error) {
	resp, err := c.do(ctx, http.MethodGet, PathExport, r.Query())
	if err != nil {
		return nil, err
	}
	return &ExportStream{resp: resp}, nil
}

// CopyTo copies the export to w and checks from its trailers that the
// daemon wrote all of it.
func (e *ExportStream) CopyTo(w io.Writer) (ExportCounts, error) {
	if _, err := io.Copy(w, e.resp.Body); err != nil {
		return ExportCounts{}, fmt.Errorf("GET %s: %w", PathExport, err)
	}
	t := e.resp.Trailer
	if msg := t.Get(TrailerExportError); msg != "" {
		return ExportCounts{}, fmt.Errorf("GET %s: the daemon failed: %s", PathExport, msg)
	}
	if t.Get(TrailerExported) == "" {
		return ExportCounts{}, fmt.Errorf("GET %s: %w", PathExport, errEndedEarly)
	}
	var n ExportCounts
	var errs []error
	for _, c := range []struct {
		name string
		to   *int
	}{{TrailerExported, &n.Articles}, {TrailerExportSkipped, &n.Skipped}, {TrailerExportShared, &n.Shared}} {
		if v := t.Get(c.name); v != "" {
			var err error
			*c.to, err = strconv.Atoi(v)
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return n, fmt.Errorf("GET %s: trailers: %w", PathExport, err)
	}
	return n, nil
}

// Close releases the connection.
func (e *ExportStream) Close() error { return e.resp.Body.Close() }
