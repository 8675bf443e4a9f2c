package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// BackfillRequest is what POST /backfill asks for:
// ?feed=NAME&since=TIME&until=TIME&max=N&restart=1.
type BackfillRequest struct {
	Feed         string    // "" for every feed
	Since, Until time.Time // bounds on the articles' publication; zero is open
	Max          int       // articles from each feed's past at most; 0: no limit
	Restart      bool      // forget the checkpoint and walk the past from the start
}

// Query encodes r as /backfill's query.
func (r BackfillRequest) Query() url.Values {
	q := url.Values{}
	if r.Feed != "" {
		q.Set("feed", r.Feed)
	}
	setTime(q, "since", r.Since)
	setTime(q, "until", r.Until)
	if r.Max != 0 {
		q.Set("max", strconv.Itoa(r.Max))
	}
	setFlag(q, "restart", r.Restart)
	return q
}

// ParseBackfillRequest reads /backfill's query.
func ParseBackfillRequest(q url.Values) (BackfillRequest, error) {
	r := BackfillRequest{Feed: q.Get("feed")}
	var err error
	if r.Since, err = queryTime(q, "since"); err != nil {
		return r, err
	}
	if r.Until, err = queryTime(q, "until"); err != nil {
		return r, err
	}
	if m := q.Get("max"); m != "" {
		if r.Max, err = strconv.Atoi(m); err != nil || r.Max < 0 {
			return r, &queryError{"max", m, "not a count of articles"}
		}
	}
	r.Restart, err = queryFlag(q, "restart")
	return r, err
}

// BackfillRun runs a backfill the daemon accepted, writing its progress and
// summary as text to out; its error goes to the client in a trailer.
type BackfillRun func(ctx context.Context, out io.Writer) error

// serveBackfill answers POST /backfill with the backfill's progress and
// summary as text, and its error, if any, in a trailer; 400 when the
// request cannot be run, 409 while another backfill runs.
func (s *Server) serveBackfill(w http.ResponseWriter, r *http.Request) {
	req, err := ParseBackfillRequest(r.URL.Query())
	var run BackfillRun
	if err == nil {
		run, err = s.o.Backfill(req)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if !s.backfill.TryLock() {
		http.Error(w, "a backfill is already running in the daemon", http.StatusConflict)
		return
	}
	defer s.backfill.Unlock()
	w.Header().Set("Trailer", TrailerBackfillError)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := run(r.Context(), flushWriter{w}); err != nil {
		w.Header().Set(TrailerBackfillError, err.Error())
	}
}

// flushWriter sends each write to the client at once.
type flushWriter struct{ w http.ResponseWriter }

func (f flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	_ = http.NewResponseController(f.w).Flush() // best effort: a wrapped writer may not flush
	return n, err
}

// BackfillStream is a backfill the daemon has accepted and runs.
type BackfillStream struct {
	resp *http.Response
}

// Backfill asks the daemon to run the backfill r and returns once it has
// accepted it.
func (c *Client) Backfill(ctx context.Context, r BackfillRequest) (*BackfillStream, error) {
	resp, err := c.do(ctx, http.MethodPost, PathBackfill, r.Query())
	if err != nil {
		return nil, err
	}
	return &BackfillStream{resp: resp}, nil
}

// CopyTo copies the backfill's progress and summary to w as the daemon
// sends them, and returns its error.
func (b *BackfillStream) CopyTo(w io.Writer) error {
	if _, err := io.Copy(w, b.resp.Body); err != nil {
		return fmt.Errorf("POST %s: %w", PathBackfill, err)
	}
	if msg := b.resp.Trailer.Get(TrailerBackfillError); msg != "" {
		return fmt.Errorf("backfill in the daemon: %s", msg)
	}
	return nil
}

// Close releases the connection.
func (b *BackfillStream) Close() error { return b.resp.Body.Close() }
