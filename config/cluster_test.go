package config

import (
	"testing"
	"time"
)

func TestClusterAbsentByDefault(t *testing.T) {
	c, err := Load(writeFile(t, "archive: a.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Cluster != nil {
		t.Errorf("cluster %+v without a cluster: section, want nil", c.Cluster)
	}
}

func TestClusterLoads(t *testing.T) {
	c, err := Load(writeFile(t, `
cluster:
  nats: [nats://n1.example:4222, tls://n2.example:4222]
  node: node-a
  credentials: /etc/depeche/node.creds
  heartbeat_ttl: 4s
  replicas: 3
  retention: 400d
`))
	if err != nil {
		t.Fatal(err)
	}
	cl := c.Cluster
	name, err := cl.NodeName()
	if err != nil || name != "node-a" || len(cl.NATS) != 2 || cl.TTL() != 4*time.Second || cl.ReplicaCount() != 3 ||
		cl.RetentionOrDefault() != 400*24*time.Hour {
		t.Errorf("cluster %+v (node %q, %v), want node-a, 2 servers, ttl 4s, 3 replicas, retention 400 days", cl, name, err)
	}
}

func TestClusterDefaults(t *testing.T) {
	c, err := Load(writeFile(t, "cluster:\n  nats: [nats://127.0.0.1:4222]\n"))
	if err != nil {
		t.Fatal(err)
	}
	name, err := c.Cluster.NodeName()
	if err != nil || name == "" || !nodeName.MatchString(name) {
		t.Errorf("default node name %q (%v): want the host name as a key", name, err)
	}
	if c.Cluster.TTL() != DefaultHeartbeatTTL || c.Cluster.ReplicaCount() != 1 || c.Cluster.RetentionOrDefault() != DefaultRetention {
		t.Errorf("ttl %v replicas %d retention %v, want %v, 1 and %v", c.Cluster.TTL(), c.Cluster.ReplicaCount(),
			c.Cluster.RetentionOrDefault(), DefaultHeartbeatTTL, DefaultRetention)
	}
}

func TestClusterErrors(t *testing.T) {
	tests := []loadErrorCase{
		{"no-servers", "archive: a.db\ncluster:\n  node: a\n", 2, "cluster.nats", "at least one server"},
		{"bad-scheme", "cluster:\n  nats: [http://n1:4222]\n", 2, "cluster.nats[0]", "not a nats://"},
		{"bad-node", "cluster:\n  nats: [nats://n1:4222]\n  node: a.b\n", 3, "cluster.node", "letters, digits"},
		{"short-ttl", "cluster:\n  nats: [nats://n1:4222]\n  heartbeat_ttl: 10ms\n", 3, "cluster.heartbeat_ttl", "at least 500ms"},
		{"short-retention", "cluster:\n  nats: [nats://n1:4222]\n  retention: 2h\n", 3, "cluster.retention", "at least 24h"},
		{"two-replicas", "cluster:\n  nats: [nats://n1:4222]\n  replicas: 2\n", 3, "cluster.replicas", "1, 3 or 5"},
		{"cert-without-key", "cluster:\n  nats: [nats://n1:4222]\n  tls:\n    cert: a.pem\n", 3, "cluster.tls", "go together"},
		{"unknown-key", "cluster:\n  nats: [nats://n1:4222]\n  nodes: 3\n", 3, "nodes", "unknown key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantLoadError(t, tt) })
	}
}
