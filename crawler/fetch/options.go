package fetch

import (
	"net/http"
	"time"
)

// Options configures a Client. The zero value of a field takes the
// default given in its comment.
type Options struct {
	UserAgent            string
	AllowPrivateNetworks bool
	// Proxy is an http:// proxy URL for every request; empty uses the
	// HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables.
	Proxy string
	// Transport replaces the network under the host limiter; nil uses a
	// real one.
	Transport    http.RoundTripper
	HostDelay    time.Duration // least time between two requests to one host
	HostParallel int           // most requests in flight to one host; default 2
	MaxParallel  int           // most requests in flight, all hosts together; default 16
	Timeout      time.Duration // per request, headers and body; default 30s
	MaxBodyBytes int64         // cap on a decompressed body; default 10 MiB
	MaxRedirects int           // default 10
	// Sites are the request headers of pages, by site; SetSites replaces
	// them.
	Sites []SiteHeaders
	Now   func() time.Time // default time.Now
}

func (o Options) withDefaults() Options {
	if o.HostParallel < 1 {
		o.HostParallel = 2
	}
	if o.MaxParallel < 1 {
		o.MaxParallel = 16
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 10 << 20
	}
	if o.MaxRedirects <= 0 {
		o.MaxRedirects = 10
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
