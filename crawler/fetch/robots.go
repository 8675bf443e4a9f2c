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
	ready   chan struct{} // closed once group and expires are set
	group   *robotstxt.Group
	expires time.Time
}

func newRobotsCache(c *http.Client, l *hostLimiter, agent string) *robotsCache {
	return &robotsCache{client: c, limiter: l, agent: agent, hosts: make(map[string]*robotsEntry)}
}

// check returns a *FetchError of KindBlocked when robots.txt disallows u.
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
		return &FetchError{Kind: KindBlocked, URL: u.String(), Err: fmt.Errorf("disallowed by %s://%s/robots.txt", u.Scheme, u.Host)}
	}
	return nil
}

// entry returns the host's rules, fetching them once for all waiters
// when missing or expired.
func (r *robotsCache) entry(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := u.Scheme + "://" + u.Host
	r.mu.Lock()
	e, ok := r.hosts[key]
	fresh := ok && (!isClosed(e.ready) || time.Now().Before(e.expires))
	if !fresh {
		e = &robotsEntry{ready: make(chan struct{})}
		r.hosts[key] = e
		go r.fill(e, u)
	}
	r.mu.Unlock()
	select {
	case <-e.ready:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// fill fetches robots.txt for e. It runs detached from any one request's
// context, so that a cancelled waiter does not spoil the entry for others.
func (r *robotsCache) fill(e *robotsEntry, u *url.URL) {
	defer close(e.ready)
	data, err := r.fetch(u)
	if err != nil {
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

func (r *robotsCache) fetch(u *url.URL) (*robotstxt.RobotsData, error) {
	ctx := withRequestKind(context.Background(), robotsRequest) // the site's User-Agent, no credentials
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
