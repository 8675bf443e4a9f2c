package crawler

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/depeche-archiver/depeche/crawler/fetch"
)

// feedResponse is one poll's result.
type feedResponse struct {
	NotModified  bool
	ETag         string
	LastModified string
	// MovedTo is the final URL when every redirect on the way was
	// permanent (301, 308); "" when there was none.
	MovedTo string
	// Floor is the least interval the server asked for, in HTTP headers
	// (Cache-Control max-age, Expires) or in the feed (ttl, sy:update*).
	Floor time.Duration
	Items []Item
	// Older is the feed's link to older items: its RFC 5005 prev-archive
	// document, else its next page; "" when it has none.
	Older string
}

// fetchFeed gets and parses the feed at rawURL, sending the headers h
// over the defaults. It fetches the bytes itself (size cap, validators,
// status) and hands them to gofeed.
func (c *Crawler) fetchFeed(ctx context.Context, rawURL string, h http.Header, v fetch.Validators) (*feedResponse, error) {
	doc, err := c.fetcher.Feed(ctx, rawURL, h, v)
	if err != nil {
		return nil, err
	}
	fr := &feedResponse{MovedTo: doc.MovedTo, Floor: httpFloor(doc.Header, c.o.Now())}
	if doc.NotModified {
		fr.NotModified, fr.ETag, fr.LastModified = true, v.ETag, v.LastModified
		return fr, nil
	}
	if looksLikeHTML(doc.Body) {
		return nil, &fetch.Error{Kind: fetch.KindForbidden, URL: rawURL, Status: doc.Status, Err: errors.New("got an HTML page where a feed was expected (a challenge or login page?)")}
	}
	parsed, err := parseFeed(doc.Body, doc.URL)
	if err != nil {
		return nil, &fetch.Error{Kind: KindParse, URL: rawURL, Err: err}
	}
	fr.ETag, fr.LastModified = doc.Header.Get("ETag"), doc.Header.Get("Last-Modified")
	fr.Items, fr.Floor = parsed.items, max(fr.Floor, parsed.floor)
	fr.Older = firstOf(parsed.prevArchive, parsed.next)
	return fr, nil
}

// looksLikeHTML reports an HTML page served where a feed was expected.
func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}
