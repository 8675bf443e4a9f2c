package config

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"time"
)

// Cluster makes the daemon one node of several that share feeds through
// NATS JetStream. Without a cluster: section depeche runs alone and no
// NATS code runs.
type Cluster struct {
	// NATS lists the servers' URLs (nats://host:4222, tls://host:4222);
	// the client connects to one and learns the others.
	NATS []string `yaml:"nats"`
	// Node names this node in the cluster; default: the host name. Two
	// running nodes must not share a name.
	Node string `yaml:"node,omitempty"`
	// Credentials is a NATS .creds file (a user JWT and its NKey seed).
	Credentials string `yaml:"credentials,omitempty"`
	// TLS holds the files of a TLS connection to the servers; with none
	// set, tls:// URLs use the system's roots.
	TLS ClusterTLS `yaml:"tls,omitempty"`
	// HeartbeatTTL is how long a node counts as alive after its last
	// heartbeat; nodes beat four times per TTL, and a dead node's feeds
	// move within two TTLs. Default 10s.
	HeartbeatTTL Duration `yaml:"heartbeat_ttl,omitempty"`
	// Replicas is how many NATS servers keep each bucket and the stream
	// (1, 3 or 5); default 1. Use 3 with a three-server NATS cluster.
	Replicas int `yaml:"replicas,omitempty"`
	// Retention is how long the cluster keeps an item's claims after they
	// were last written (and a pending item no node settled): it bounds
	// the claims bucket, which would otherwise grow by every item ever
	// archived. Keep it far longer than any feed lists an item: a node
	// that takes over a feed fetches again an item it still lists whose
	// claims expired. Default 90d; set it alike on every node, since each
	// sets the buckets' limit when it connects.
	Retention Duration `yaml:"retention,omitempty"`
}

// ClusterTLS names the files of a TLS connection to NATS.
type ClusterTLS struct {
	// CA is a PEM file of the roots that sign the servers' certificates.
	CA string `yaml:"ca,omitempty"`
	// Cert and Key are this node's client certificate and key, PEM.
	Cert string `yaml:"cert,omitempty"`
	Key  string `yaml:"key,omitempty"`
}

// DefaultHeartbeatTTL is the heartbeat TTL of a cluster that sets none.
const DefaultHeartbeatTTL = 10 * time.Second

// DefaultRetention is the claims' retention of a cluster that sets none.
const DefaultRetention = 90 * 24 * time.Hour

// minRetention is the shortest retention: a claim must outlive the
// retries of its item's page by far.
const minRetention = 24 * time.Hour

var (
	nodeName   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	notNodeKey = regexp.MustCompile(`[^A-Za-z0-9_-]`)
)

// NodeName is the node's name: Node, else the host name with anything a
// NATS key cannot hold turned into "-".
func (c *Cluster) NodeName() (string, error) {
	if c.Node != "" {
		return c.Node, nil
	}
	h, err := os.Hostname()
	if err != nil {
		return "", fmt.Errorf("cluster.node is unset and the host name is unknown: %w", err)
	}
	return notNodeKey.ReplaceAllString(h, "-"), nil
}

// TTL is the heartbeat TTL, the default when unset.
func (c *Cluster) TTL() time.Duration {
	if c.HeartbeatTTL <= 0 {
		return DefaultHeartbeatTTL
	}
	return c.HeartbeatTTL.D()
}

// RetentionOrDefault is Retention, the default when unset.
func (c *Cluster) RetentionOrDefault() time.Duration {
	if c.Retention <= 0 {
		return DefaultRetention
	}
	return c.Retention.D()
}

// ReplicaCount is Replicas, 1 when unset.
func (c *Cluster) ReplicaCount() int {
	return max(c.Replicas, 1)
}

// validateCluster checks the cluster: section, when there is one.
func (c *Config) validateCluster() error {
	cl := c.Cluster
	if cl == nil {
		return nil
	}
	if len(cl.NATS) == 0 {
		return fieldErr("cluster.nats", "must list at least one server URL (nats://host:4222)")
	}
	for i, s := range cl.NATS {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" || (u.Scheme != "nats" && u.Scheme != "tls" && u.Scheme != "ws" && u.Scheme != "wss") {
			return fieldErr(fmt.Sprintf("cluster.nats[%d]", i), "%s is not a nats://, tls://, ws:// or wss:// URL with a host", quoteURL(s))
		}
	}
	switch {
	case cl.Node != "" && !nodeName.MatchString(cl.Node):
		return fieldErr("cluster.node", "%q: use letters, digits, - and _ only", cl.Node)
	case cl.HeartbeatTTL < 0:
		return fieldErr("cluster.heartbeat_ttl", "must not be negative")
	case cl.HeartbeatTTL > 0 && cl.HeartbeatTTL.D() < 500*time.Millisecond:
		return fieldErr("cluster.heartbeat_ttl", "must be at least 500ms, got %v", cl.HeartbeatTTL.D())
	case cl.Retention != 0 && cl.Retention.D() < minRetention:
		return fieldErr("cluster.retention", "must be at least %v, far longer than any feed lists an item; got %v", minRetention, cl.Retention.D())
	case cl.Replicas != 0 && cl.Replicas != 1 && cl.Replicas != 3 && cl.Replicas != 5:
		return fieldErr("cluster.replicas", "must be 1, 3 or 5, got %d", cl.Replicas)
	case (cl.TLS.Cert == "") != (cl.TLS.Key == ""):
		return fieldErr("cluster.tls", "cert and key go together: set both or neither")
	}
	return nil
}
