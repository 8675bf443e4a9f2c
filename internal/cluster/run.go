package cluster

import (
	"context"
	"sync"

	"github.com/depeche-archiver/depeche/store"
)

// Run heartbeats and publishes db's outbox until ctx ends; on the way
// out the node leaves the cluster so that its feeds move at once.
func (n *Node) Run(ctx context.Context, db *store.DB) {
	var wg sync.WaitGroup
	wg.Go(func() { n.beatLoop(ctx) })
	wg.Go(func() { n.listLoop(ctx) })
	wg.Go(func() { n.drainLoop(ctx, db) })
	wg.Wait()
}
