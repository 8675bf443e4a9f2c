package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/store"
)

// sharedState is the value of a feed's key in the feeds bucket.
type sharedState struct {
	Node  string          `json:"node"` // the node that polled last
	State store.FeedState `json:"state"`
}

// PutFeedState shares the state of a feed this node polled, so that the
// next owner goes on from it.
func (n *Node) PutFeedState(ctx context.Context, st store.FeedState) error {
	err := n.gone(n.putJSON(ctx, func(h *handles) jetstream.KeyValue { return h.feeds }, st.Name, sharedState{Node: n.o.Node, State: st}))
	if err != nil {
		return fmt.Errorf("share feed state %s: %w", st.Name, err)
	}
	return nil
}

// putJSON writes v as JSON under key in the bucket of the handles that
// bucket picks.
func (n *Node) putJSON(ctx context.Context, bucket func(*handles) jetstream.KeyValue, key string, v any) error {
	h, err := n.handles(ctx)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = bucket(h).Put(ctx, key, raw)
	return err
}

// FeedState returns the shared state of feed name; ok is false when no
// node shared one.
func (n *Node) FeedState(ctx context.Context, name string) (st store.FeedState, ok bool, err error) {
	defer func() { err = n.gone(err) }()
	h, err := n.handles(ctx)
	if err != nil {
		return st, false, fmt.Errorf("read shared feed state %s: %w", name, err)
	}
	e, err := h.feeds.Get(ctx, name)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("read shared feed state %s: %w", name, err)
	}
	var s sharedState
	if err := json.Unmarshal(e.Value(), &s); err != nil {
		return st, false, fmt.Errorf("read shared feed state %s: %w", name, err)
	}
	return s.State, true, nil
}
