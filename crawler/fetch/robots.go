package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// Robots rules are kept this long, and failures to read them this long.
const (
	robotsTTL      = 24 * time.Hour
	robotsRetry    = 10 * time.Minute
	maxCrawlDelay  = time.Minute
	robotsMaxBytes = 500 << 10
)

// robotsCache reads and caches each host's robots.txt for article pages,
// and passes its Crawl-delay to the host limiter. colly's own robots.txt
// support ignores Crawl-delay and never expires its cache, so colly is
// told to skip it and asks this instead.
type robotsCache struct {
	client  *http.Client
	limiter *hostLimiter
	agent   string

	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	ready   chan struct{} // closed once group and expires are set, or dropped is
	group   *robotstxt.Group
	expires time.Time
	// dropped says that the read was cut short by its reader's context:
	// the entry holds no rules, and those waiting for it read robots.txt
	// again themselves.
	dropped bool
}

func newRobotsCache(c *http.Client, l *hostLimiter, agent string) *robotsCache {
	return &robotsCache{client: c, limiter: l, agent: agent, hosts: make(map[string]*robotsEntry)}
}

// check returns a *Error of KindBlocked when robots.txt disallows u.
func (r *robotsCache) check(ctx context.Context, u *url.URL) error {
	e, err := r.entry(ctx, u)
	if err != nil {
		return err
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if e.group != nil && !e.group.Test(path) {
		return &Error{Kind: KindBlocked, URL: u.String(), Err: fmt.Errorf("disallowed by %s://%s/robots.txt", u.Scheme, u.Host)}
	}
	return nil
}

// entry returns the host's rules, fetching them when missing or expired:
// the first to find them so reads them, under its own context, while any
// others wait for it; when its context ends first, another reads them.
func (r *robotsCache) entry(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := u.Scheme + "://" + u.Host
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e, mine := r.lookup(key)
		if mine {
			r.fill(ctx, key, e, u)
		}
		select {
		case <-e.ready:
			if !e.dropped {
				return e, nil
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// lookup returns the entry of key; mine says that the caller is to fill
// it, the entry being new.
func (r *robotsCache) lookup(key string) (e *robotsEntry, mine bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.hosts[key]
	if ok && (!isClosed(e.ready) || time.Now().Before(e.expires)) {
		return e, false
	}
	e = &robotsEntry{ready: make(chan struct{})}
	r.hosts[key] = e
	return e, true
}

// fill fetches robots.txt for e, the entry of key. A read cut short by
// ctx drops e, so that it is read again rather than kept as a failure.
func (r *robotsCache) fill(ctx context.Context, key string, e *robotsEntry, u *url.URL) {
	defer close(e.ready)
	data, err := r.fetch(ctx, u)
	switch {
	case err != nil && ctx.Err() != nil:
		r.mu.Lock()
		if r.hosts[key] == e {
			delete(r.hosts, key)
		}
		r.mu.Unlock()
		e.dropped = true
		return
	case err != nil:
		// Unreachable or 5xx: disallow for a while; the items are retried.
		e.group = disallowAll(r.agent)
		e.expires = time.Now().Add(robotsRetry)
		return
	}
	e.group = data.FindGroup(r.agent)
	e.expires = time.Now().Add(robotsTTL)
	if e.group != nil && e.group.CrawlDelay > 0 {
		r.limiter.setCrawlDelay(u.Host, min(e.group.CrawlDelay, maxCrawlDelay))
	}
}

// fetch reads robots.txt under ctx, but as a request of its own: none of
// the values of ctx (its priority, its redirect log) apply, and it goes
// with the site's User-Agent and no credentials.
func (r *robotsCache) fetch(ctx context.Context, u *url.URL) (*robotstxt.RobotsData, error) {
	ctx, cancel := endsWith(ctx)
	defer cancel()
	ctx = withRequestKind(ctx, robotsRequest)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.Scheme+"://"+u.Host+"/robots.txt", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", r.agent)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return nil, fmt.Errorf("robots.txt: HTTP %d", resp.StatusCode)
	}
	// Rules past the first 500 KiB are ignored, as RFC 9309 allows.
	body, err := io.ReadAll(io.LimitReader(resp.Body, robotsMaxBytes))
	if err != nil {
		return nil, err
	}
	return robotstxt.FromStatusAndBytes(resp.StatusCode, body)
}

// disallowAll is a group that refuses every path.
func disallowAll(agent string) *robotstxt.Group {
	data, _ := robotstxt.FromString("User-agent: *\nDisallow: /\n") // a constant that parses
	return data.FindGroup(agent)
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// endsWith returns a context that carries none of ctx's values but ends
// when ctx ends.
func endsWith(ctx context.Context) (context.Context, context.CancelFunc) {
	out, cancel := context.WithCancel(context.Background())
	stop := context.AfterFunc(ctx, cancel)
	return out, func() {
		stop()
		cancel()
	}
}
