package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// Pages fetches article pages through colly.
type Pages struct {
	ctx    context.Context
	c      *colly.Collector
	robots *robotsCache
	sites  *siteHeaders // to record the headers the pages were fetched with
	max    int64
}

// newPages builds a synchronous collector on the shared client:
// revisits allowed (the archive deduplicates, not colly's in-memory
// visited set), requests cancelled with ctx and marked as page requests,
// which the client gives their site's headers. robots.txt is obeyed
// through robots, which also honours Crawl-delay, rather than through
// colly.
func newPages(ctx context.Context, client *http.Client, robots *robotsCache, sites *siteHeaders, o Options) *Pages {
	c := colly.NewCollector(
		colly.UserAgent(o.UserAgent),
		colly.AllowURLRevisit(),
		colly.IgnoreRobotsTxt(),
		colly.MaxBodySize(int(o.MaxBodyBytes+1)),
		colly.StdlibContext(withRequestKind(ctx, pageRequest)),
	)
	c.SetClient(client)
	keep := func(r *colly.Response) { r.Ctx.Put("response", r) }
	c.OnResponse(keep)
	c.OnError(func(r *colly.Response, _ error) { keep(r) })
	return &Pages{ctx: ctx, c: c, robots: robots, sites: sites, max: o.MaxBodyBytes}
}

// Fetch gets the page at rawURL, sending the headers extra over the
// defaults (the validators of a conditional request; nil for none), and
// returns it with its final URL, and the exchange as the archive keeps
// it. A 304 Not Modified fails as an *Error with that status.
func (p *Pages) Fetch(rawURL string, extra http.Header) (clean.Page, *Capture, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return clean.Page{}, nil, &Error{Kind: KindInvalidURL, URL: rawURL, Err: errors.New("not an http or https URL")}
	}
	if err := p.robots.check(p.ctx, u); err != nil {
		return clean.Page{}, nil, err
	}
	cctx := colly.NewContext()
	hdr := http.Header{"Accept": {"text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}}
	for k, v := range extra {
		hdr[k] = v
	}
	err = p.c.Request(http.MethodGet, rawURL, nil, cctx, hdr)
	resp, _ := cctx.GetAny("response").(*colly.Response)
	if err != nil {
		return clean.Page{}, nil, pageError(rawURL, resp, err)
	}
	if err := p.check(rawURL, resp); err != nil {
		return clean.Page{}, nil, err
	}
	page := clean.Page{URL: resp.Request.URL.String(), ContentType: pageContentType(resp), Body: resp.Body}
	return page, capture(page, resp, p.sites.match(resp.Request.URL)), nil
}

// check refuses what is not the page: a bot challenge, a body over the cap.
func (p *Pages) check(rawURL string, resp *colly.Response) error {
	switch {
	case resp == nil:
		return &Error{Kind: KindNetwork, URL: rawURL, Err: errors.New("no response")}
	case resp.Headers != nil && strings.EqualFold(resp.Headers.Get("Cf-Mitigated"), "challenge"):
		return &Error{Kind: KindForbidden, URL: rawURL, Status: resp.StatusCode, Err: errors.New("got a bot challenge instead of the page")}
	case int64(len(resp.Body)) > p.max:
		return &Error{Kind: KindTooLarge, URL: rawURL, Err: fmt.Errorf("body larger than %d bytes", p.max)}
	}
	return nil
}

// Capture is a page's exchange as the archive keeps it: the fields of
// store.Capture, which the crawler converts it to.
type Capture struct {
	URL           string      // the final URL, after redirects
	Fetched       time.Time   // when the response arrived
	Status        int         // the HTTP status
	RequestHeader http.Header // the headers sent, secrets masked
	Header        http.Header // the response headers, Content-Encoding dropped: Body is decoded
	Body          []byte      // the page as the cleaner got it
}

// capture records the exchange, the site headers sent among the request
// headers, masked unless public. The body is the page as the cleaner got
// it: colly has decoded to UTF-8 a body whose header named another
// charset, and the stored Content-Type then says UTF-8.
func capture(page clean.Page, resp *colly.Response, site http.Header) *Capture {
	c := &Capture{URL: page.URL, Fetched: time.Now(), Status: resp.StatusCode, Body: page.Body}
	if resp.Headers != nil {
		c.Header = resp.Headers.Clone()
		if page.ContentType != "" {
			c.Header.Set("Content-Type", page.ContentType)
		}
	}
	if resp.Request != nil && resp.Request.Headers != nil {
		c.RequestHeader = recordHeaders(*resp.Request.Headers, site)
	}
	return c
}

// pageContentType is the Content-Type the cleaner should trust. colly has
// already decoded a body whose header declared a charset other than
// UTF-8, so the header must then say UTF-8.
func pageContentType(r *colly.Response) string {
	ct := r.Headers.Get("Content-Type")
	if !strings.Contains(strings.ToLower(ct), "charset") {
		return ct
	}
	mediaType, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(mediaType) + "; charset=utf-8"
}

// pageError classifies a failed colly request.
func pageError(rawURL string, resp *colly.Response, err error) error {
	if resp != nil && resp.StatusCode != 0 { // colly fails any status from 203 up
		h := http.Header{}
		if resp.Headers != nil {
			h = *resp.Headers
		}
		return statusError(rawURL, resp.StatusCode, h, time.Now())
	}
	return classify(rawURL, err)
}
