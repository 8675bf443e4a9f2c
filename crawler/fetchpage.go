package crawler

import (
	"context"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/crawler/fetch"
)

// FetchPage fetches one page the way the crawler fetches articles: same
// client, private-address guard, robots.txt and size cap.
func FetchPage(ctx context.Context, rawURL string, o Options) (clean.Page, error) {
	client, err := fetch.New(o.withDefaults().fetchOptions())
	if err != nil {
		return clean.Page{}, err
	}
	page, _, err := client.Pages(ctx).Fetch(rawURL, nil)
	return page, err
}
