package crawler

import (
	"log/slog"
	"math/rand/v2"
	"net/http"
	"runtime"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
)

// Options configures a Crawler. The zero value of a field takes the
// default given in its comment.
type Options struct {
	UserAgent            string
	AllowPrivateNetworks bool
	// Proxy is an http:// proxy URL for every request; empty uses the
	// HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables.
	Proxy string
	// Transport replaces the network under the host limiter; nil uses a
	// real one. Tests use it to run the scheduler in a synctest bubble.
	Transport    http.RoundTripper
	HostDelay    time.Duration // least time between two requests to one host
	HostParallel int           // most requests in flight to one host; default 2
	Workers      int           // most pages fetched at once, all feeds together; default 4
	MaxParallel  int           // most requests in flight, all hosts together; default 16
	// CleanParallel caps pages being cleaned at once, all workers together;
	// default GOMAXPROCS. Cleaning is CPU work and the largest memory of an
	// article in flight (the parsed page and its copies): more at once than
	// there are cores only holds more of it in memory.
	CleanParallel int
	MinInterval   time.Duration  // adaptive mode's shortest interval; default 5m
	MaxInterval   time.Duration  // longest interval a server's floor can impose; default 24h
	BackoffCap    time.Duration  // longest wait after failures; default 24h
	Jitter        float64        // intervals grow by up to this fraction at random
	Adaptive      bool           // learn each feed's publishing rate
	Metrics       *Metrics       // nil records nothing
	Rand          func() float64 // in [0,1); default math/rand/v2
	Timeout       time.Duration  // per request, headers and body; default 30s
	MaxBodyBytes  int64          // cap on a decompressed body; default 10 MiB
	MaxRedirects  int            // default 10
	Logger        *slog.Logger   // default discards
	Now           func() time.Time
	// PageRetry is when a feed item's page is tried again after a failure
	// that may pass.
	PageRetry PageRetry
	// Revisit lists the ages, after an article is first archived, at
	// which Run fetches its page again, each later than the one before;
	// empty turns revisits off.
	Revisit []time.Duration
	// Sites are the request headers of article pages, by site; Reload
	// replaces them.
	Sites []fetch.SiteHeaders
	// Cluster shares the feeds with other nodes; nil runs alone.
	Cluster Cluster
}

// Floor is the shortest time between two polls of one feed, and between
// two tries of one page, whatever the options, a feed's interval or a
// server ask for: a configuration mistake (an interval of 1ns) must not
// turn the crawler against a site. The config refuses values below it;
// the crawler raises them to it.
const Floor = time.Second

// PageRetry is the schedule of a page's tries after failures that may
// pass: the wait doubles from First up to Max, and after Tries tries in
// all the item is archived from the feed's own content instead.
type PageRetry struct {
	First time.Duration // default 5m
	Max   time.Duration // default 24h
	Tries int           // default 8
}

// after is the wait before the next try of a page tried tries times, or
// retryAfter when the server asked for longer.
func (r PageRetry) after(tries int, retryAfter time.Duration) time.Duration {
	wait := r.First
	for i := 1; i < tries && wait < r.Max; i++ {
		wait *= 2
	}
	return max(min(wait, r.Max), retryAfter, Floor)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (o Options) withDefaults() Options {
	if o.HostParallel < 1 {
		o.HostParallel = 2
	}
	if o.Workers < 1 {
		o.Workers = 4
	}
	if o.MaxParallel < 1 {
		o.MaxParallel = 16
	}
	if o.CleanParallel < 1 {
		o.CleanParallel = runtime.GOMAXPROCS(0)
	}
	o.MinInterval = max(orDefault(o.MinInterval, 5*time.Minute), Floor)
	o.MaxInterval = max(orDefault(o.MaxInterval, 24*time.Hour), Floor)
	o.BackoffCap = max(orDefault(o.BackoffCap, 24*time.Hour), Floor)
	if o.Jitter < 0 {
		o.Jitter = 0
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
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
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.PageRetry.First = max(orDefault(o.PageRetry.First, 5*time.Minute), Floor)
	o.PageRetry.Max = max(orDefault(o.PageRetry.Max, 24*time.Hour), Floor)
	if o.PageRetry.Tries < 1 {
		o.PageRetry.Tries = 8
	}
	return o
}

// fetchOptions are the options of the crawler's fetch.Client.
func (o Options) fetchOptions() fetch.Options {
	return fetch.Options{
		UserAgent: o.UserAgent, AllowPrivateNetworks: o.AllowPrivateNetworks, Proxy: o.Proxy,
		Transport: o.Transport, HostDelay: o.HostDelay, HostParallel: o.HostParallel,
		MaxParallel: o.MaxParallel, Timeout: o.Timeout, MaxBodyBytes: o.MaxBodyBytes,
		MaxRedirects: o.MaxRedirects, Sites: o.Sites, Now: o.Now,
	}
}
