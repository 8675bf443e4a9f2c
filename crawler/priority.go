package crawler

import "context"

type lowPriorityKey struct{}

// LowPriority marks ctx's requests as yielding to the others on each host:
// a backfill beside the daemon's polls waits while polls wait.
func LowPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, lowPriorityKey{}, true)
}

func isLowPriority(ctx context.Context) bool {
	low, _ := ctx.Value(lowPriorityKey{}).(bool)
	return low
}
