package fetch

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
)

// SiteHeaders are request headers for the pages of one site, as a site
// entry of the config gives them.
type SiteHeaders struct {
	Host       string      // exact host name, as site rules match it
	PathPrefix string      // only paths under it ("" for all); the longest match wins
	Header     http.Header // canonical names
}

// siteHeaders is the table of site headers in use, shared by every
// request of a crawler; Reload replaces its contents.
type siteHeaders struct {
	sites atomic.Pointer[[]SiteHeaders]
}

func newSiteHeaders(sites []SiteHeaders) *siteHeaders {
	t := &siteHeaders{}
	t.set(sites)
	return t
}

// set makes sites apply from the next request on.
func (t *siteHeaders) set(sites []SiteHeaders) {
	t.sites.Store(&sites)
}

// match returns the headers for u: those of the entry with u's host and
// the longest path prefix u is under; nil when none matches or t is nil.
func (t *siteHeaders) match(u *url.URL) http.Header {
	if t == nil || u == nil {
		return nil
	}
	sites := *t.sites.Load()
	best := -1
	for i, s := range sites {
		if strings.EqualFold(s.Host, u.Hostname()) && underPrefix(u.Path, s.PathPrefix) &&
			(best < 0 || len(s.PathPrefix) > len(sites[best].PathPrefix)) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return sites[best].Header
}

// underPrefix reports whether path is prefix or below it, the way site
// rules match paths.
func underPrefix(path, prefix string) bool {
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

// requestKind says which site headers a request gets. Page fetches and
// robots.txt fetches mark their contexts; feed requests, which carry their
// feed's own headers, are not marked and get none.
type requestKind int

const (
	pageRequest   requestKind = iota + 1 // every header of the site
	robotsRequest                        // only its User-Agent: robots.txt is public, so no credentials
)

type requestKindKey struct{}

func withRequestKind(ctx context.Context, k requestKind) context.Context {
	return context.WithValue(ctx, requestKindKey{}, k)
}

// siteHeaderTransport adds site headers to marked requests. It works on
// each hop, under the client's redirect handling: a page that redirects
// to another host gets that host's headers there, never the first's.
type siteHeaderTransport struct {
	next  http.RoundTripper
	sites *siteHeaders
}

// RoundTrip sends req with its site's headers, over those it has.
func (t siteHeaderTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var h http.Header
	switch kind, _ := req.Context().Value(requestKindKey{}).(requestKind); kind {
	case pageRequest:
		h = t.sites.match(req.URL)
	case robotsRequest:
		if agent := t.sites.match(req.URL).Get("User-Agent"); agent != "" {
			h = http.Header{"User-Agent": {agent}}
		}
	}
	if len(h) == 0 {
		return t.next.RoundTrip(req)
	}
	req = req.Clone(req.Context()) // a RoundTripper must not change its caller's request
	withHeaders(req, h)
	return t.next.RoundTrip(req)
}

// withHeaders sets each of h on req, over what req has.
func withHeaders(req *http.Request, h http.Header) {
	for name, values := range h {
		req.Header[name] = slices.Clone(values)
	}
}

// publicHeaders are the request headers a capture keeps the value of.
// Any other is recorded with its value masked, whoever set it, so that the
// archive and its WARC exports never hold a subscriber's cookie or token,
// even when a reload changed the site headers while the page was fetched.
var publicHeaders = []string{"Accept", "Accept-Language", "Referer", "User-Agent"}

// MaskedValue replaces a secret header's value in a capture.
const MaskedValue = "***"

// recordHeaders returns the request headers as a capture keeps them: sent,
// with the site headers h set over it (colly may report its own request
// rather than the one that went out), every value not public masked.
func recordHeaders(sent, h http.Header) http.Header {
	out := make(http.Header, len(sent)+len(h))
	for _, from := range []http.Header{sent, h} {
		for name, values := range from {
			out[name] = []string{MaskedValue}
			if slices.Contains(publicHeaders, http.CanonicalHeaderKey(name)) {
				out[name] = slices.Clone(values)
			}
		}
	}
	return out
}
