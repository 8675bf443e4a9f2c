package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// answerTimeout bounds how long a client waits for the daemon to connect
// and answer before a command reads the archive itself: a daemon on the
// same machine answers at once.
const answerTimeout = time.Second

// errEndedEarly is a stream that stopped before the trailer that closes
// a whole one.
var errEndedEarly = errors.New("the stream ended early")

// Client asks a running daemon, through its listener, for what the
// archive it holds would tell.
type Client struct {
	base  string // "http://host:port"
	token string
	http  *http.Client
}

// NewClient returns a client for the daemon listening on listen (the
// config's listen) with token, nil when none can be reached there: listen
// is off, or asks for any free port.
func NewClient(listen, token string) *Client {
	host, port, err := net.SplitHostPort(listen)
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
	return &Client{
		base:  "http://" + net.JoinHostPort(host, port),
		token: token,
		http: &http.Client{Transport: &http.Transport{
			Proxy:                 nil, // the daemon is local: never through HTTP_PROXY
			DialContext:           dialer.DialContext,
			ResponseHeaderTimeout: answerTimeout,
			DisableKeepAlives:     true, // one request or two per command
		}},
	}
}

// String returns the daemon's address, for messages.
func (c *Client) String() string { return c.base }

// send sends method to path and returns the response, whatever its status.
func (c *Client) send(ctx context.Context, method, path string, query url.Values) (*http.Response, error) {
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.http.Do(req)
}

// do sends method to path and returns the response when its status is 200.
func (c *Client) do(ctx context.Context, method, path string, query url.Values) (*http.Response, error) {
	resp, err := c.send(ctx, method, path, query)
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

// getJSON decodes into v the daemon's answer to GET path with query,
// waiting at most answerTimeout: the endpoints a command reads as a whole.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, v any) error {
	ctx, cancel := context.WithTimeout(ctx, answerTimeout)
	defer cancel()
	resp, err := c.do(ctx, http.MethodGet, path, query)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}
