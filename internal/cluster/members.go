package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// membership is the node's view of the cluster.
type membership struct {
	nodes []string // live nodes, sorted
	self  bool     // this node is among them: it may own feeds
}

// heartbeat is the value of a node's key in the nodes bucket.
type heartbeat struct {
	Started time.Time `json:"started"`
	Beat    time.Time `json:"beat"`
}

// lostAfter is how many heartbeats in a row may fail before the node gives
// up its feeds: after two, a quarter of a TTL apart, the others may be
// about to take them.
const lostAfter = 2

// beatLoop heartbeats every quarter of the TTL until ctx ends; the
// node's key is then deleted so that its feeds move at once. After
// lostAfter failures in a row the node owns nothing until a beat works.
func (n *Node) beatLoop(ctx context.Context) {
	started := time.Now()
	tick := time.NewTicker(n.o.TTL / 4)
	defer tick.Stop()
	for {
		err := n.beat(ctx, started)
		if ctx.Err() != nil { // stopped during the beat: its failure says nothing of NATS
			n.leave()
			return
		}
		if err != nil {
			n.ready.Store(nil) // a restarted server may have lost the memory bucket: make it again
			n.setHealth(err)
			n.viewMu.Lock()
			if n.failures.Add(1) >= lostAfter {
				n.setView(&membership{})
			}
			n.viewMu.Unlock()
		} else {
			n.failures.Store(0)
			n.setHealth(nil)
		}
		select {
		case <-ctx.Done():
			n.leave()
			return
		case <-tick.C:
		}
	}
}

// beat writes the heartbeat.
func (n *Node) beat(ctx context.Context, started time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, n.o.TTL/3)
	defer cancel()
	h, err := n.handles(ctx)
	if err != nil {
		return fmt.Errorf("cluster: NATS unreachable or refusing: %w", err)
	}
	v, err := json.Marshal(heartbeat{Started: started, Beat: time.Now()})
	if err != nil {
		return err
	}
	if _, err := h.nodes.Put(ctx, n.o.Node, v); err != nil {
		return fmt.Errorf("cluster: heartbeat: %w", err)
	}
	return nil
}

// listLoop reads the live nodes every quarter of the TTL until ctx ends,
// apart from the heartbeats so that a slow listing (it makes a consumer)
// never delays a beat. A listing that fails keeps the last view: the
// beats alone say whether this node is cut off.
func (n *Node) listLoop(ctx context.Context) {
	tick := time.NewTicker(n.o.TTL / 4)
	defer tick.Stop()
	for {
		if err := n.list(ctx); err != nil && ctx.Err() == nil {
			n.o.Logger.Debug("cluster: list nodes; keeping the last view", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// list reads the live nodes into the view.
func (n *Node) list(ctx context.Context) error {
	if n.failures.Load() >= lostAfter {
		return nil // cut off: the view stays empty until a beat works
	}
	ctx, cancel := context.WithTimeout(ctx, n.o.TTL/2)
	defer cancel()
	h, err := n.handles(ctx)
	if err != nil {
		return err
	}
	nodes, err := listKeys(ctx, h.nodes)
	if err != nil {
		return fmt.Errorf("cluster: list nodes: %w", err)
	}
	nodes = n.keepMissedOnce(nodes)
	n.viewMu.Lock()
	defer n.viewMu.Unlock()
	if n.failures.Load() < lostAfter {
		n.setView(&membership{nodes: nodes, self: slices.Contains(nodes, n.o.Node)})
	}
	return nil
}

// listKeys returns the keys of kv, sorted, and gives up when ctx ends.
// KeyValue.Keys does not: it waits on its watcher without heeding ctx, and
// when the connection closes in the middle of a listing it waits for
// good, and Run with it.
func listKeys(ctx context.Context, kv jetstream.KeyValue) ([]string, error) {
	l, err := kv.ListKeys(ctx)
	if err != nil {
		return nil, err
	}
	defer l.Stop()
	var keys []string
	for k := range l.Keys() {
		keys = append(keys, k)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the listing may have been cut short
	}
	slices.Sort(keys)
	return slices.Compact(keys), nil
}

// keepMissedOnce adds to the listed nodes those of the last view missing
// from one listing only: a heartbeat that came late on a busy machine
// does not move a node's feeds back and forth. A dead node is dropped a
// quarter of a TTL later for it. It returns the nodes sorted.
func (n *Node) keepMissedOnce(listed []string) []string {
	missed := map[string]bool{}
	for _, node := range n.view.Load().nodes {
		if !slices.Contains(listed, node) && !n.missed[node] {
			listed = append(listed, node)
			missed[node] = true
		}
	}
	n.missed = missed
	slices.Sort(listed)
	return listed
}

// leave deletes the node's heartbeat, on a clean stop; with NATS out of
// reach it is left to expire.
func (n *Node) leave() {
	n.viewMu.Lock()
	n.failures.Store(lostAfter) // the listing sets the view no more
	n.setView(&membership{})
	n.viewMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), n.o.TTL/3)
	defer cancel()
	h, err := n.handles(ctx) // made again when a failed beat dropped them
	if err == nil {
		err = h.nodes.Delete(ctx, n.o.Node)
	}
	if err != nil {
		n.o.Logger.Warn("cluster: leave", "err", err)
	}
}

// setView replaces the view and, when the live nodes changed, wakes
// whoever waits on Changed.
func (n *Node) setView(m *membership) {
	old := n.view.Swap(m)
	if old.self == m.self && slices.Equal(old.nodes, m.nodes) {
		return
	}
	n.o.Logger.Info("cluster: live nodes", "nodes", m.nodes, "self", m.self)
	n.mu.Lock()
	close(n.changed)
	n.changed = make(chan struct{})
	n.mu.Unlock()
}

// Changed returns a channel closed at the next change of the live nodes.
func (n *Node) Changed() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.changed
}

// Nodes returns the live nodes, sorted, as this node last saw them.
func (n *Node) Nodes() []string {
	return slices.Clone(n.view.Load().nodes)
}

// Live reports whether this node is among the live nodes as it last saw
// them: false before its first listing and while NATS is unreachable.
func (n *Node) Live() bool { return n.view.Load().self }

// Owns reports whether the feed at feedURL is this node's to poll: false
// for every feed while the node is not live (NATS unreachable).
func (n *Node) Owns(feedURL string) bool {
	m := n.view.Load()
	return m.self && Owner(feedURL, m.nodes) == n.o.Node
}

// setHealth records the outcome of the last heartbeat, and logs when
// the node becomes unhealthy and when it is healthy again.
func (n *Node) setHealth(err error) {
	if err == nil {
		n.health.Store(nil)
		if n.cut {
			n.o.Logger.Info("cluster: healthy again; feeds may be this node's again")
			n.cut = false
		}
		return
	}
	if old := n.health.Load(); old == nil {
		n.o.Logger.Warn("cluster: unhealthy; feeds are left to the other nodes", "err", err)
		n.cut = true
	}
	n.health.Store(&err)
}

// Health is nil while the node heartbeats, else why it does not.
func (n *Node) Health() error {
	if p := n.health.Load(); p != nil {
		return *p
	}
	return nil
}
