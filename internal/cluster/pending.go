package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/store"
)

// The pending bucket holds, for every feed, the items whose page the node
// polling it tries again on a schedule: the item as the ledger records it,
// outcome included, under its store.ItemID (the feed's part, a dot, the
// item's). The node that owns the feed writes an item there when a try
// fails and puts it off, and purges it when the item is settled; a node
// that takes the feed over reads the feed's items into its own ledger
// before it polls, so that their retries go on with their tries and next
// try (store.DB.AdoptItems).

// sharedItem is the value of an item's key in the pending bucket.
type sharedItem struct {
	Node string     `json:"node"` // the node that tried it last
	Item store.Item `json:"item"`
}

// PutPending shares a pending item of a feed this node polls.
func (n *Node) PutPending(ctx context.Context, it store.Item) error {
	err := n.gone(n.putJSON(ctx, func(h *handles) jetstream.KeyValue { return h.pending }, store.ItemID(&it), sharedItem{Node: n.o.Node, Item: it}))
	if err != nil {
		return fmt.Errorf("share pending item %s: %w", it.Link, err)
	}
	return nil
}

// DropPending forgets a shared item that is pending no more. Its key is
// purged from the bucket's stream, not deleted: a deletion would leave a
// marker for the retention, which PendingItems would list.
func (n *Node) DropPending(ctx context.Context, it store.Item) error {
	h, err := n.handles(ctx)
	if err == nil {
		err = h.pendingStream.Purge(ctx, jetstream.WithPurgeSubject(kvSubject(bucketPending, store.ItemID(&it))))
	}
	if err != nil {
		return fmt.Errorf("drop pending item %s: %w", it.Link, n.gone(err))
	}
	return nil
}

// PendingItems returns the shared pending items of feed. It asks the
// bucket's stream which of the feed's keys hold a value, then gets each:
// no consumer is made, since a node that takes over many feeds at once
// asks for each.
func (n *Node) PendingItems(ctx context.Context, feed string) (_ []store.Item, err error) {
	defer func() { err = n.gone(err) }()
	h, err := n.handles(ctx)
	if err != nil {
		return nil, fmt.Errorf("read pending items of %s: %w", feed, err)
	}
	prefix := kvSubject(bucketPending, "")
	info, err := h.pendingStream.Info(ctx, jetstream.WithSubjectFilter(prefix+store.FeedItemsID(feed)+".*"))
	if err != nil {
		return nil, fmt.Errorf("read pending items of %s: %w", feed, err)
	}
	var out []store.Item
	for subject := range info.State.Subjects {
		e, err := h.pending.Get(ctx, strings.TrimPrefix(subject, prefix))
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue // settled meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("read pending items of %s: %w", feed, err)
		}
		var s sharedItem
		if err := json.Unmarshal(e.Value(), &s); err != nil {
			return nil, fmt.Errorf("read pending item %s of %s: %w", e.Key(), feed, err)
		}
		if s.Item.Feed == feed { // a hash prefix shared by chance
			out = append(out, s.Item)
		}
	}
	return out, nil
}

// kvStream is the name of the stream under a key-value bucket.
func kvStream(bucket string) string { return "KV_" + bucket }

// kvSubject is the subject of key in a key-value bucket's stream.
func kvSubject(bucket, key string) string { return "$KV." + bucket + "." + key }
