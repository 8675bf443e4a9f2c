package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Item is one entry of a feed, as the archiver needs it.
type Item struct {
	GUID        string
	Link        string // absolute
	Title       string
	Description string // HTML as the feed gives it
	Published   time.Time
}

// feedResponse is one poll's result.
type feedResponse struct {
	NotModified  bool
	ETag         string
	LastModified string
	Items        []Item
}

// validators are the conditional-GET headers of the last 200.
type validators struct {
	ETag         string
	LastModified string
}

// fetchFeed gets and parses the feed at rawURL. It fetches the bytes
// itself (size cap, validators, status) and hands them to gofeed.
func fetchFeed(ctx context.Context, c *http.Client, o Options, rawURL string, v validators) (*feedResponse, error) {
	body, resp, err := getFeedBody(ctx, c, o, rawURL, v)
	if err != nil {
		return nil, classify(rawURL, err)
	}
	if resp.StatusCode == http.StatusNotModified {
		return &feedResponse{NotModified: true, ETag: v.ETag, LastModified: v.LastModified}, nil
	}
	items, err := parseFeed(body, resp.Request.URL)
	if err != nil {
		return nil, &FetchError{Kind: KindParse, URL: rawURL, Err: err}
	}
	return &feedResponse{
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Items:        items,
	}, nil
}

// getFeedBody sends the conditional GET and reads the body under the cap.
func getFeedBody(ctx context.Context, c *http.Client, o Options, rawURL string, v validators) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", o.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil, resp, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, &FetchError{Kind: KindStatus, Status: resp.StatusCode, Err: errors.New(http.StatusText(resp.StatusCode))}
	}
	body, err := readCapped(resp.Body, o.MaxBodyBytes)
	return body, resp, err
}

// readCapped reads r whole, failing when it holds more than max bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > max {
		return nil, &FetchError{Kind: KindTooLarge, Err: fmt.Errorf("body larger than %d bytes", max)}
	}
	return body, nil
}

// parseFeed parses RSS, Atom or JSON Feed bytes, resolving item links
// against base.
func parseFeed(body []byte, base *url.URL) ([]Item, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	items := make([]Item, 0, len(f.Items))
	for _, it := range f.Items {
		items = append(items, toItem(it, base))
	}
	return items, nil
}

func toItem(it *gofeed.Item, base *url.URL) Item {
	item := Item{
		GUID:        strings.TrimSpace(it.GUID),
		Link:        resolve(base, itemLink(it)),
		Title:       strings.TrimSpace(it.Title),
		Description: it.Description,
	}
	item.Published = itemTime(it.Published, it.PublishedParsed)
	if item.Published.IsZero() {
		item.Published = itemTime(it.Updated, it.UpdatedParsed)
	}
	return item
}

// itemTime is the item's date with the zone the feed wrote it in: gofeed
// converts parsed dates to UTC, and a VNA "+0700" belongs in the archive.
func itemTime(raw string, parsed *time.Time) time.Time {
	if parsed == nil {
		return time.Time{}
	}
	raw = strings.TrimSpace(raw)
	for _, layout := range []string{time.RFC1123Z, time.RFC3339Nano, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, raw); err == nil && t.Equal(*parsed) {
			return t
		}
	}
	return *parsed
}

// itemLink is the item's link, or its GUID when that is a URL and the
// link is missing (RSS permalinks).
func itemLink(it *gofeed.Item) string {
	if l := strings.TrimSpace(it.Link); l != "" {
		return l
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	g := strings.TrimSpace(it.GUID)
	if strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}
