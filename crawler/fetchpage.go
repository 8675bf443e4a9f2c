package crawler

import (
	"context"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// FetchPage fetches one page the way the crawler fetches articles: same
// client, private-address guard, robots.txt and size cap.
func FetchPage(ctx context.Context, rawURL string, o Options) (clean.Page, error) {
	o = o.withDefaults()
	client, limiter, err := newClient(o)
	if err != nil {
		return clean.Page{}, err
	}
	robots := newRobotsCache(client, limiter, o.UserAgent)
	page, _, err := newPageFetcher(ctx, client, robots, o).fetch(rawURL)
	return page, err
}
