// Package crawler polls feeds, fetches the article pages they link to,
// cleans them and archives the result. It decides what to fetch and when:
// the scheduler, the polls, the ledger of items, page retries, revisits,
// backfills and the cluster glue. How a request goes over the network is
// the business of crawler/fetch, through one fetch.Client per Crawler.
//
// The daemon (Crawler.Run) and the one-off backfill (Crawler.PollAll) run
// the same code: Run polls each feed on its schedule, PollAll polls each
// feed once.
//
// # Admission
//
// Several mechanisms decide when work may start; each word names one of
// them and nothing else.
//
//   - A turn is the scheduler's hold of one feed between its polls (turn,
//     turnHeap, takeTurn). When a turn is due, its host's poll queue
//     (pollQueues) admits it if fewer than HostParallel polls of that host
//     are in flight; otherwise the turn waits in that queue, in order, and
//     counts in the fetch client as a normal request waiting for the host
//     (fetch.Client.CountWaiting), so that retries and revisits still
//     yield to it.
//   - Worker slots (workerSlots) cap the article pages in flight, all
//     feeds together (Workers). They go to the lowest ticket waiting: a
//     poll's items keep their place with tickets drawn in order, so one
//     feed of thousands of items does not hold back the feeds after it.
//   - The item helpers' budget caps the goroutines that help a poll
//     archive its items (Workers); it is taken without waiting, and a poll
//     that finds it spent carries on alone.
//   - Revisit slots cap the revisits in flight (half the workers), outside
//     the worker slots, and cleaning slots cap the pages being cleaned
//     (CleanParallel).
//   - Every request then passes the fetch client's host limits: host
//     slots, global slots, priorities and the paced start (see
//     crawler/fetch). Polls and new articles go at normal priority, page
//     retries and a backfill beside the daemon at low priority
//     (fetch.LowPriority), revisits at the lowest.
package crawler
