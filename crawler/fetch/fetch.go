package fetch

import (
	"context"
	"net/http"
)

// Client sends every request of a crawler: feeds, pages and robots.txt
// share its connections, its private-address guard and its host limits.
type Client struct {
	o       Options
	http    *http.Client
	limiter *hostLimiter
	robots  *robotsCache
	sites   *siteHeaders
}

// New builds a Client from o.
func New(o Options) (*Client, error) {
	o = o.withDefaults()
	sites := newSiteHeaders(o.Sites)
	client, limiter, err := newClient(o, sites)
	if err != nil {
		return nil, err
	}
	return &Client{
		o: o, http: client, limiter: limiter, sites: sites,
		robots: newRobotsCache(client, limiter, o.UserAgent),
	}, nil
}

// SetSites makes sites the page headers from the next request on.
func (c *Client) SetSites(sites []SiteHeaders) { c.sites.set(sites) }

// Pages returns a page fetcher whose requests run under ctx, with the
// priority and redirect log ctx carries.
func (c *Client) Pages(ctx context.Context) *Pages {
	return newPages(ctx, c.http, c.robots, c.sites, c.o)
}

// CountWaiting counts n more requests of normal priority as waiting for
// a slot of host (n fewer when n is negative), as though they waited in
// the client: requests of a lower priority yield to them. The scheduler
// counts so the polls it queues while their host is busy.
func (c *Client) CountWaiting(host string, n int) {
	c.limiter.limits(host).countWaiting(priorityNormal, n)
}
