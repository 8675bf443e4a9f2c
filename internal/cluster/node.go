package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names in JetStream.
const (
	bucketNodes   = "depeche_nodes"
	bucketClaims  = "depeche_claims"
	bucketFeeds   = "depeche_feeds"
	bucketPending = "depeche_pending"
	streamName    = "DEPECHE_ARTICLES"
	subjectPrefix = "depeche.articles."
)

// dedupWindow is how long JetStream remembers a message id: a record
// published again after a crash within it is dropped as a duplicate.
const dedupWindow = 24 * time.Hour

// Options configures a Node.
type Options struct {
	Servers     []string // nats:// or tls:// URLs
	Node        string   // this node's name, unique among running nodes
	Credentials string   // a .creds file; "" for none
	CA          string   // PEM roots of the servers' certificates; "" for the system's
	Cert, Key   string   // a client certificate and key; "" for none
	// TTL is how long a node counts as alive after a heartbeat; it beats
	// four times per TTL. Default 10s.
	TTL      time.Duration
	Replicas int // servers that keep each bucket and the stream; default 1
	// ClaimLease is how long a claim of a node no longer live still holds:
	// longer than a page's fetch and save. Default TTL + 30s.
	ClaimLease time.Duration
	// Retention is how long a claim, and a pending item no node settled,
	// stays in its bucket after it was last written: far longer than any
	// item is listed in a feed or retried, so that the buckets stay bounded
	// and no node fetches again an item a feed still shows. Default
	// DefaultRetention.
	Retention time.Duration
	Logger    *slog.Logger
}

// DefaultRetention is the claims' retention when Options sets none: a
// quarter of a year.
const DefaultRetention = 90 * 24 * time.Hour

// Node is this daemon's membership of a cluster. Its methods are safe
// for concurrent use.
type Node struct {
	o      Options
	nc     *nats.Conn
	js     jetstream.JetStream
	ready  atomic.Pointer[handles] // nil until the buckets and stream exist
	setup  chan struct{}           // one ensure at a time; a wait for it heeds its context
	health atomic.Pointer[error]   // nil when healthy
	view   atomic.Pointer[membership]
	mu     sync.Mutex // guards changed
	// changed is closed and replaced when the live nodes change.
	changed  chan struct{}
	wake     chan struct{}   // to the drain loop: records to publish
	missed   map[string]bool // nodes kept live though missing from the last listing; beatLoop's own
	failures atomic.Int32    // heartbeats failed in a row
	cut      bool            // the node was logged unhealthy, and not healthy since; beatLoop's own
	viewMu   sync.Mutex      // orders the view's updates by the two loops
	// closing silences the connection's callbacks, which run after Close
	// returns, when the caller's log may be gone.
	closing atomic.Bool
	count   counters // for RegisterMetrics
}

// handles are the buckets and stream once they exist.
type handles struct {
	nodes, claims, feeds, pending jetstream.KeyValue
	stream                        jetstream.Stream
	// pendingStream is the stream under the pending bucket, read and
	// purged by subject (pending.go).
	pendingStream jetstream.Stream
}

// Connect connects to the servers and returns the node; it does not wait
// for them: a node whose servers are down keeps trying (Run reports it in
// Health), and owns no feed meanwhile.
func Connect(o Options) (*Node, error) {
	if o.Node == "" || len(o.Servers) == 0 {
		return nil, errors.New("cluster: a node name and at least one server are needed")
	}
	if o.TTL <= 0 {
		o.TTL = 10 * time.Second
	}
	o.Replicas = max(o.Replicas, 1)
	if o.ClaimLease <= 0 {
		o.ClaimLease = o.TTL + 30*time.Second
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	n := &Node{o: o, changed: make(chan struct{}), wake: make(chan struct{}, 1), setup: make(chan struct{}, 1), count: newCounters()}
	n.view.Store(&membership{})
	down := fmt.Errorf("not connected to NATS at %s yet", strings.Join(o.Servers, ","))
	n.health.Store(&down)
	nc, err := nats.Connect(strings.Join(o.Servers, ","), n.natsOptions()...)
	if err != nil {
		return nil, fmt.Errorf("cluster: connect to %s: %w", strings.Join(o.Servers, ","), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: jetstream: %w", err)
	}
	n.nc, n.js = nc, js
	return n, nil
}

// natsOptions are the connection's options: credentials and TLS as NATS
// users write them, and reconnects forever.
func (n *Node) natsOptions() []nats.Option {
	o := n.o
	opts := []nats.Option{
		nats.Name("depeche " + o.Node),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.ReconnectWait(min(o.TTL/5, 2*time.Second)),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if !n.closing.Load() {
				o.Logger.Warn("cluster: disconnected from NATS", "err", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			if !n.closing.Load() {
				o.Logger.Info("cluster: reconnected to NATS", "server", nc.ConnectedUrlRedacted())
			}
		}),
	}
	if o.Credentials != "" {
		opts = append(opts, nats.UserCredentials(o.Credentials))
	}
	if o.CA != "" {
		opts = append(opts, nats.RootCAs(o.CA))
	}
	if o.Cert != "" {
		opts = append(opts, nats.ClientCert(o.Cert, o.Key))
	}
	return opts
}

// Name is the node's name.
func (n *Node) Name() string { return n.o.Node }

// TTL is the heartbeat TTL.
func (n *Node) TTL() time.Duration { return n.o.TTL }

// Close closes the connection; the node's heartbeat expires after the TTL.
func (n *Node) Close() {
	n.closing.Store(true)
	n.nc.Close()
}

// handles returns the buckets and stream, creating them when missing.
func (n *Node) handles(ctx context.Context) (*handles, error) {
	if h := n.ready.Load(); h != nil {
		return h, nil
	}
	select {
	case n.setup <- struct{}{}:
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the buckets and the stream being made: %w", ctx.Err())
	}
	defer func() { <-n.setup }()
	if h := n.ready.Load(); h != nil {
		return h, nil
	}
	h, err := n.ensure(ctx)
	if err != nil {
		return nil, err
	}
	n.ready.Store(h)
	return h, nil
}

// ensure creates or updates the buckets and the stream.
func (n *Node) ensure(ctx context.Context) (*handles, error) {
	var h handles
	var err error
	r := n.o.Replicas
	if h.nodes, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: bucketNodes, Description: "depeche node heartbeats", TTL: n.o.TTL, Storage: jetstream.MemoryStorage, Replicas: r,
	}); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketNodes, err)
	}
	if h.claims, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: bucketClaims, Description: "depeche article identity claims", Replicas: r, TTL: n.o.Retention,
	}); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketClaims, err)
	}
	if h.feeds, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: bucketFeeds, Description: "depeche feed states", Replicas: r,
	}); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketFeeds, err)
	}
	if h.pending, err = n.js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: bucketPending, Description: "depeche pending page retries", Replicas: r, TTL: n.o.Retention,
	}); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketPending, err)
	}
	if h.pendingStream, err = n.js.Stream(ctx, kvStream(bucketPending)); err != nil {
		return nil, fmt.Errorf("bucket %s: %w", bucketPending, err)
	}
	if h.stream, err = n.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: streamName, Description: "depeche export records", Subjects: []string{subjectPrefix + ">"},
		Duplicates: dedupWindow, Replicas: r, Storage: jetstream.FileStorage,
	}); err != nil {
		return nil, fmt.Errorf("stream %s: %w", streamName, err)
	}
	return &h, nil
}

// gone forgets the handles when err says that a bucket or the stream is
// missing (deleted by an operator, lost by a server), and returns err:
// the next call makes them again, where every call to the missing one
// would fail until a heartbeat did.
func (n *Node) gone(err error) error {
	if errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrNoResponders) ||
		errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, jetstream.ErrBucketNotFound) {
		n.ready.Store(nil)
	}
	return err
}
