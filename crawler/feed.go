package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
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

// validators are the conditional-GET headers of the last 200.
type validators struct {
	ETag         string
	LastModified string
}

// fetchFeed gets and parses the feed at rawURL, sending the headers h
// over the defaults. It fetches the bytes itself (size cap, validators,
// status) and hands them to gofeed.
func (c *Crawler) fetchFeed(ctx context.Context, rawURL string, h http.Header, v validators) (*feedResponse, error) {
	body, resp, err := c.getFeedBody(ctx, rawURL, h, v)
	if err != nil {
		return nil, classify(rawURL, err)
	}
	fr := &feedResponse{MovedTo: movedTo(resp), Floor: httpFloor(resp.Header, c.o.Now())}
	if resp.StatusCode == http.StatusNotModified {
		fr.NotModified, fr.ETag, fr.LastModified = true, v.ETag, v.LastModified
		return fr, nil
	}
	if looksLikeHTML(body) {
		return nil, &FetchError{Kind: KindForbidden, URL: rawURL, Status: resp.StatusCode, Err: errors.New("got an HTML page where a feed was expected (a challenge or login page?)")}
	}
	parsed, err := parseFeed(body, resp.Request.URL)
	if err != nil {
		return nil, &FetchError{Kind: KindParse, URL: rawURL, Err: err}
	}
	fr.ETag, fr.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	fr.Items, fr.Floor = parsed.items, max(fr.Floor, parsed.floor)
	fr.Older = firstOf(parsed.prevArchive, parsed.next)
	return fr, nil
}

// getFeedBody sends the conditional GET, with the headers h over the
// defaults, and reads the body under the cap.
func (c *Crawler) getFeedBody(ctx context.Context, rawURL string, h http.Header, v validators) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", c.o.UserAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8")
	withHeaders(req, h)
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return nil, resp, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, statusError(rawURL, resp.StatusCode, resp.Header, c.o.Now())
	}
	body, err := readCapped(resp.Body, c.o.MaxBodyBytes)
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

// movedTo returns the final URL of resp when it was reached only through
// permanent redirects.
func movedTo(resp *http.Response) string {
	req := resp.Request
	if req == nil || req.Response == nil {
		return ""
	}
	final := req.URL.String()
	for ; req != nil && req.Response != nil; req = req.Response.Request {
		switch req.Response.StatusCode {
		case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		default:
			return ""
		}
	}
	return final
}

// looksLikeHTML reports an HTML page served where a feed was expected.
func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}
