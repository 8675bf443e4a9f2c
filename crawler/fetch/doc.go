// Package fetch is the crawler's HTTP layer: one client for every feed,
// page and robots.txt request, with the private-address guard, the host
// limits, robots.txt, site request headers and typed failures. It knows
// nothing of the archive or the schedule; the crawler decides what to
// fetch and when, and backs off by the Kind of each failure.
//
// A Client is made from Options (New). Client.Feed sends the conditional
// GET of a feed (or of a document read as one, such as a sitemap) with
// its Validators and returns the bytes under the size cap as a Document;
// parsing is the caller's. Client.Pages returns the fetcher of article
// pages bound to a context: Pages.Fetch obeys robots.txt (and its
// Crawl-delay), gives each request its site's headers, decodes the page
// to UTF-8 and returns it with a Capture of the exchange, secrets masked.
// colly does the page GET; no colly type leaves the package. Failures are
// *Error values with a Kind (network, timeout, server_error,
// rate_limited, forbidden, not_found, gone, status, too_large, blocked,
// invalid_url), the HTTP status and the Retry-After asked for.
//
// # Admission
//
// Every request passes the host limiter, under the client's redirect
// handling, so that feeds, pages and robots.txt share one set of limits
// per host:
//
//   - host slots: at most HostParallel requests in flight to one host;
//   - global slots: at most MaxParallel requests in flight in all;
//   - priority: a request waiting for a host slot goes only when no more
//     urgent one waits for that host (normal, then LowPriority, then
//     LowestPriority); requests the caller holds back elsewhere count as
//     waiting through Client.CountWaiting;
//   - start: each request of a host is paced at least HostDelay after the
//     one before (more when robots.txt asks a Crawl-delay, or after a 429,
//     until successes bring it back).
//
// The Timeout of a request counts from its start, not from its wait: a
// slow host queues requests, it does not time them out. A robots.txt read
// runs under the context of the page fetch that needs it, with the site's
// User-Agent and no credentials; when that context ends first, the read
// is dropped and the next page fetch of the host reads it again.
package fetch
