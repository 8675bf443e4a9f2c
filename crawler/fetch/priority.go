package fetch

import "context"

// priority orders the requests that wait for one host: a request goes
// only when none of a more urgent priority waits for that host.
type priority int

const (
	priorityNormal priority = iota // polls and new articles
	priorityLow                    // page retries, a backfill beside the daemon
	priorityLowest                 // revisits of archived articles: after everything else
	priorities                     // how many there are
)

type priorityKey struct{}

// LowPriority marks ctx's requests as yielding to the others on each host:
// a backfill beside the daemon's polls waits while polls wait.
func LowPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, priorityKey{}, priorityLow)
}

// LowestPriority marks ctx's requests as yielding to every other on
// each host, low priority ones included.
func LowestPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, priorityKey{}, priorityLowest)
}

// priorityOf is the priority of ctx's requests.
func priorityOf(ctx context.Context) priority {
	p, _ := ctx.Value(priorityKey{}).(priority)
	return p
}
