package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Validators are the conditional-GET headers of the last 200.
type Validators struct {
	ETag         string
	LastModified string
}

// Document is a feed, or another document read as one (a sitemap, an
// archive page), as the server sent it.
type Document struct {
	URL         *url.URL // the final URL, after redirects
	Status      int
	Header      http.Header
	Body        []byte // nil when NotModified
	NotModified bool   // the server answered 304
	// MovedTo is the final URL when every redirect on the way was
	// permanent (301, 308); "" when there was none.
	MovedTo string
}

// Feed sends the conditional GET of a feed, with the headers h over the
// defaults, and reads the body under the cap. It fails with a *Error.
func (c *Client) Feed(ctx context.Context, rawURL string, h http.Header, v Validators) (*Document, error) {
	body, resp, err := c.getFeedBody(ctx, rawURL, h, v)
	if err != nil {
		return nil, classify(rawURL, err)
	}
	doc := &Document{URL: resp.Request.URL, Status: resp.StatusCode, Header: resp.Header, Body: body, MovedTo: movedTo(resp)}
	doc.NotModified = resp.StatusCode == http.StatusNotModified
	return doc, nil
}

// getFeedBody sends the conditional GET, with the headers h over the
// defaults, and reads the body under the cap.
func (c *Client) getFeedBody(ctx context.Context, rawURL string, h http.Header, v Validators) ([]byte, *http.Response, error) {
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
	resp, err := c.http.Do(req)
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
		return nil, &Error{Kind: KindTooLarge, Err: fmt.Errorf("body larger than %d bytes", max)}
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
