package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/depeche-archiver/depeche/internal/secret"
)

// newClient builds the one HTTP client every request goes through, and
// the host limiter under it.
func newClient(o Options, sites *siteHeaders) (*http.Client, *hostLimiter, error) {
	proxy, proxyAddr, err := proxyFunc(o.Proxy)
	if err != nil {
		return nil, nil, err
	}
	transport := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialContext(o.AllowPrivateNetworks, proxyAddr),
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   o.HostParallel,
		ForceAttemptHTTP2:     true,
	}
	var next http.RoundTripper = transport
	if o.Transport != nil {
		next = o.Transport
	}
	next = siteHeaderTransport{next: next, sites: sites}
	next = gunzipTransport{next: next}
	limiter := newHostLimiter(next, o.HostDelay, o.Timeout, o.HostParallel, o.MaxParallel)
	return &http.Client{
		Transport:     limiter,
		CheckRedirect: capRedirects(o.MaxRedirects),
	}, limiter, nil
}

// proxyFunc returns the transport's proxy function and the configured
// proxy's host:port ("" when the environment decides).
func proxyFunc(raw string) (func(*http.Request) (*url.URL, error), string, error) {
	if raw == "" {
		return http.ProxyFromEnvironment, "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, "", fmt.Errorf("proxy %q: want http://host:port", secret.Mask(raw))
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return http.ProxyURL(u), addr, nil
}

// dialContext dials with the private-address guard unless allowed. The
// configured proxy is exempt: it is the user's own choice, and behind a
// proxy the target's address is resolved by the proxy, not here.
func dialContext(allowPrivate bool, proxyAddr string) func(context.Context, string, string) (net.Conn, error) {
	open := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if allowPrivate {
		return open.DialContext
	}
	guarded := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: newGuard().control}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if proxyAddr != "" && addr == proxyAddr {
			return open.DialContext(ctx, network, addr)
		}
		return guarded.DialContext(ctx, network, addr)
	}
}

// capRedirects stops redirect loops and chains after max hops.
func capRedirects(max int) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > max { // via holds the first request too
			return &Error{Kind: KindNetwork, Err: fmt.Errorf("stopped after %d redirects", max)}
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return errors.New("redirect to a non-http URL " + req.URL.String())
		}
		if log := redirectLogOf(req.Context()); log != nil && req.Response != nil {
			log.note(via[0].URL.String(), req.Response.StatusCode)
		}
		return nil
	}
}
