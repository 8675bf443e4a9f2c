package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/internal/cluster"
)

// joinCluster connects to the NATS servers of cfg's cluster: section, or
// returns nil when there is none (no NATS code runs then).
func joinCluster(cfg *config.Config, log *slog.Logger) (*cluster.Node, error) {
	cl := cfg.Cluster
	if cl == nil {
		return nil, nil
	}
	name, err := cl.NodeName()
	if err != nil {
		return nil, err
	}
	return cluster.Connect(cluster.Options{
		Servers: cl.NATS, Node: name, Credentials: cl.Credentials,
		CA: cl.TLS.CA, Cert: cl.TLS.Cert, Key: cl.TLS.Key,
		TTL: cl.TTL(), Replicas: cl.ReplicaCount(), Retention: cl.RetentionOrDefault(), Logger: log.With("node", name),
		ClaimLease: cl.TTL() + cfg.Timeout.D(), // a page's fetch is bounded by the timeout
	})
}

// inCluster makes a crawler poll only node's feeds; nil node changes
// nothing.
func inCluster(node *cluster.Node) func(*crawler.Options) {
	return func(o *crawler.Options) {
		if node != nil {
			o.Cluster = node.ForCrawler()
		}
	}
}

// clusterHealth is what /healthz says of the cluster: nil without one.
func clusterHealth(node *cluster.Node) func() error {
	if node == nil {
		return nil
	}
	return node.Health
}

// exportCluster writes the cluster's stream after sequence after to w.
func exportCluster(ctx context.Context, cfg *config.Config, w io.Writer, after uint64, log *slog.Logger) error {
	if cfg.Cluster == nil {
		return usagef("-cluster needs a cluster: section in the config")
	}
	node, err := joinCluster(cfg, log)
	if err != nil {
		return err
	}
	defer node.Close()
	n, err := node.Export(ctx, w, after)
	if err != nil {
		return err
	}
	log.Debug("cluster export", "records", n)
	return nil
}

// clusterFlagsAlone refuses the export flags -cluster does not take.
func clusterFlagsAlone(feed, since, until, by string, revisions bool, format string) error {
	if feed != "" || since != "" || until != "" || by != "published" || revisions || format != "jsonl" {
		return usagef("-cluster takes only -after, -o and -config: the stream holds every version, in order")
	}
	return nil
}
