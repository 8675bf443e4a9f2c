package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ErrClaimed says another live node holds one of an item's identity keys
// and has not archived it yet: the item waits.
var ErrClaimed = errors.New("claimed by another node")

// Archived says that a node archived an item already: the value of
// Claim's error when it did.
type Archived struct{ Node string }

func (a *Archived) Error() string { return "archived by node " + a.Node }

// claim is the value of a key in the claims bucket.
type claim struct {
	Node string `json:"node"`
	Done bool   `json:"done"` // the node archived the item
}

// claimKey is the bucket key of an identity key: its SHA-256, since a
// URL holds characters a key cannot.
func claimKey(identity string) string {
	sum := sha256.Sum256([]byte(identity))
	return "k." + hex.EncodeToString(sum[:20])
}

// Claim claims an item's identity keys (store.ClaimKeys) for this node
// before its page is fetched. A key is this node's when absent, already
// its own, or held by a node that is no longer live and had not archived
// it, for longer than the claim lease (by the server's time of the claim):
// a node seen dead on a busy machine may yet be fetching the page. It
// returns *Archived when another node archived the item, ErrClaimed when
// a live node is at it; keys taken before such an answer are let go. A
// key this node archived is its own: its archive has the article, and
// saving it again adds to it.
func (n *Node) Claim(ctx context.Context, keys []string) (err error) {
	defer func() { err = n.gone(err) }()
	h, err := n.handles(ctx)
	if err != nil {
		return fmt.Errorf("claim: %w", err)
	}
	var taken []uint64
	for i, k := range keys {
		rev, err := n.claimOne(ctx, h.claims, claimKey(k))
		if err != nil {
			n.release(h.claims, keys[:i], taken)
			n.count.claimed(err)
			return err
		}
		taken = append(taken, rev)
	}
	n.count.claimed(nil)
	return nil
}

// claimOne takes one key and returns the revision written.
func (n *Node) claimOne(ctx context.Context, kv jetstream.KeyValue, key string) (uint64, error) {
	mine, _ := json.Marshal(claim{Node: n.o.Node}) // a struct of strings and a bool
	rev, err := kv.Create(ctx, key, mine)
	if err == nil || !errors.Is(err, jetstream.ErrKeyExists) {
		return rev, wrapClaim(err)
	}
	e, err := kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return n.claimOne(ctx, kv, key) // deleted meanwhile: try again
	}
	if err != nil {
		return 0, wrapClaim(err)
	}
	var held claim
	if err := json.Unmarshal(e.Value(), &held); err != nil {
		return 0, fmt.Errorf("claim %s: %w", key, err)
	}
	switch {
	case held.Node == n.o.Node: // archived here, the archive matches it; or this node's try
		return e.Revision(), nil
	case held.Done:
		return 0, &Archived{Node: held.Node}
	case slices.Contains(n.view.Load().nodes, held.Node), time.Since(e.Created()) < n.o.ClaimLease:
		return 0, ErrClaimed
	}
	rev, err = kv.Update(ctx, key, mine, e.Revision()) // the holder died: take it over
	if errors.Is(err, jetstream.ErrKeyExists) {
		return 0, ErrClaimed // another node took it first
	}
	return rev, wrapClaim(err)
}

func wrapClaim(err error) error {
	if err != nil {
		return fmt.Errorf("claim: %w", err)
	}
	return nil
}

// release lets go of keys just taken, at their revisions, so that a
// claim that failed half-way blocks no one. Errors are only logged: a
// claim left behind is this node's to take again, or expires with it.
func (n *Node) release(kv jetstream.KeyValue, keys []string, revs []uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), n.o.TTL/3)
	defer cancel()
	for i, k := range keys {
		if err := kv.Delete(ctx, claimKey(k), jetstream.LastRevision(revs[i])); err != nil {
			n.o.Logger.Debug("cluster: release claim", "err", err)
		}
	}
}

// Archived records that node by (this node when "") archived the item of
// keys, so that no node fetches it again: a node whose page turned out to
// hold a text another node archived marks its item's keys as that node's.
func (n *Node) Archived(ctx context.Context, keys []string, by string) (err error) {
	defer func() { err = n.gone(err) }()
	h, err := n.handles(ctx)
	if err != nil {
		return fmt.Errorf("mark archived: %w", err)
	}
	if by == "" {
		by = n.o.Node
	}
	done, _ := json.Marshal(claim{Node: by, Done: true})
	for _, k := range keys {
		if _, err := h.claims.Put(ctx, claimKey(k), done); err != nil {
			return fmt.Errorf("mark archived: %w", err)
		}
	}
	n.wakeDrain()
	return nil
}

// Release lets go of this node's claims of keys that it has not archived:
// its try of the item failed and the item waits for its next, which may
// come on another node when its feed moves. Keys held by another node, or
// archived, are left alone.
func (n *Node) Release(ctx context.Context, keys []string) (err error) {
	defer func() { err = n.gone(err) }()
	h, err := n.handles(ctx)
	if err != nil {
		return fmt.Errorf("release claims: %w", err)
	}
	for _, k := range keys {
		e, err := h.claims.Get(ctx, claimKey(k))
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("release claims: %w", err)
		}
		var held claim
		if json.Unmarshal(e.Value(), &held) != nil || held.Done || held.Node != n.o.Node {
			continue
		}
		err = h.claims.Delete(ctx, claimKey(k), jetstream.LastRevision(e.Revision()))
		if err != nil && !errors.Is(err, jetstream.ErrKeyExists) { // changed meanwhile: no longer ours to drop
			return fmt.Errorf("release claims: %w", err)
		}
	}
	return nil
}
