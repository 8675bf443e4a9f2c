// Package crawler polls feeds, fetches the article pages they link to,
// cleans them and archives the result.
//
// The daemon (Crawler.Run) and the one-off backfill (Crawler.PollAll) run
// the same code: Run loops over PollFeed on each feed's schedule, PollAll
// calls it once per feed. Every request, whether for a feed, a page or a
// robots.txt, goes through one http.Client whose transport refuses private
// addresses (unless allowed) and holds the per-host politeness budget.
package crawler
