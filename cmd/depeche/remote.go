package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/store"
)

// answerTimeout bounds how long a command waits for the daemon to answer
// before it reads the archive itself: a daemon on the same machine
// answers at once.
const answerTimeout = time.Second

// daemonClient asks a running daemon, through its listener, for what the
// archive it holds would tell.
type daemonClient struct {
	base  string // "http://host:port"
	token string
	http  *http.Client
}

// newDaemonClient returns a client for the listener cfg configures, nil
// when none can be reached: listen is off, or asks for any free port.
func newDaemonClient(cfg *config.Config) *daemonClient {
	host, port, err := net.SplitHostPort(cfg.Listen)
	if err != nil || port == "0" {
		return nil
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1" // listening everywhere includes loopback
	case "::":
		host = "::1"
	}
	dialer := &net.Dialer{Timeout: answerTimeout}
	return &daemonClient{
		base:  "http://" + net.JoinHostPort(host, port),
		token: cfg.Token,
		http: &http.Client{Transport: &http.Transport{
			Proxy:                 nil, // the daemon is local: never through HTTP_PROXY
			DialContext:           dialer.DialContext,
			ResponseHeaderTimeout: answerTimeout,
			DisableKeepAlives:     true, // one request or two per command
		}},
	}
}

// String returns the daemon's address, for messages.
func (d *daemonClient) String() string { return d.base }

// get requests path and returns the response when its status is 200.
func (d *daemonClient) get(ctx context.Context, path string, query url.Values) (*http.Response, error) {
	return d.do(ctx, http.MethodGet, path, query)
}

// do sends method to path and returns the response when its status is 200.
func (d *daemonClient) do(ctx context.Context, method, path string, query url.Values) (*http.Response, error) {
	u := d.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512)) // the status says enough without it
		return nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(msg)))
	}
	return resp, nil
}

// feeds returns the daemon's /feeds.
func (d *daemonClient) feeds(ctx context.Context) ([]feedStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	resp, err := d.get(ctx, "/feeds", nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var rows []feedStatus
	if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
		return nil, fmt.Errorf("GET /feeds: %w", err)
	}
	return rows, nil
}

// openExport asks the daemon for its /export of req and returns the
// response once the daemon has answered; read it with copyExport.
func (d *daemonClient) openExport(ctx context.Context, req exportRequest) (*http.Response, error) {
	q := exportQuery(req.filter)
	if req.format == "warc" {
		q.Set("format", "warc")
		if req.path != "" {
			q.Set("filename", filepath.Base(req.path))
		}
	}
	return d.get(ctx, "/export", q)
}

// copyExport copies an /export response to w and checks from its trailers
// that the daemon wrote all of it.
func copyExport(w io.Writer, resp *http.Response) error {
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("GET /export: %w", err)
	}
	if msg := resp.Trailer.Get(trailerExportError); msg != "" {
		return fmt.Errorf("GET /export: the daemon failed: %s", msg)
	}
	if resp.Trailer.Get(trailerExported) == "" {
		return errors.New("GET /export: the stream ended early")
	}
	return nil
}

// exportQuery encodes f as /export's query. Times go as RFC 3339 with
// nanoseconds, which the daemon reads back to the same instant.
func exportQuery(f store.ExportFilter) url.Values {
	q := url.Values{}
	if f.Feed != "" {
		q.Set("feed", f.Feed)
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.Format(time.RFC3339Nano))
	}
	if !f.Until.IsZero() {
		q.Set("until", f.Until.Format(time.RFC3339Nano))
	}
	if f.By == store.ByArchived {
		q.Set("by", "archived")
	}
	if f.After != 0 {
		q.Set("after", strconv.FormatUint(f.After, 10))
	}
	if f.Revisions {
		q.Set("revisions", "1")
	}
	return q
}
