package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/depeche-archiver/depeche/store"
)

// settle bounds a wait for what a test sets up rather than asserts, such
// as nodes seeing each other: long, for a machine loaded by the package's
// tests running together; a test that passes does not wait it out.
const settle = 30 * time.Second

// startNATS starts an embedded NATS server with JetStream on port (-1
// for any) keeping its data in dir, and stops it when the test ends.
func startNATS(t testing.TB, dir string, port int) *server.Server {
	t.Helper()
	return startNATSWith(t, &server.Options{Port: port, StoreDir: dir})
}

// startNATSWith starts an embedded NATS server of options o, on the
// loopback address, with JetStream and quiet.
func startNATSWith(t testing.TB, o *server.Options) *server.Server {
	t.Helper()
	o.Host, o.JetStream, o.NoLog, o.NoSigs = "127.0.0.1", true, true, true
	s, err := server.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("embedded NATS server not ready")
	}
	t.Cleanup(s.Shutdown)
	return s
}

// testNode is a running node and its archive.
type testNode struct {
	*Node
	db     *store.DB
	cancel context.CancelFunc
	done   chan struct{}
}

// startNode connects a node named name to url, archiving into a fresh
// archive, and runs it until the test ends or stop or kill is called.
func startNode(t testing.TB, url, name string, ttl time.Duration) *testNode {
	t.Helper()
	return startNodeWith(t, Options{Servers: []string{url}, Node: name, TTL: ttl, ClaimLease: 2 * ttl})
}

// startNodeWith starts a node of options o over a fresh archive.
func startNodeWith(t testing.TB, o Options) *testNode {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), o.Node+".db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CLUSTER_TEST_LOG") != "" {
		o.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil)).With("node", o.Node)
	}
	n, err := Connect(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tn := &testNode{Node: n, db: db, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(tn.done)
		n.Run(ctx, db)
	}()
	t.Cleanup(func() {
		tn.stop()
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return tn
}

// stop stops the node cleanly: it leaves the cluster.
func (tn *testNode) stop() {
	tn.cancel()
	<-tn.done
	tn.Close()
}

// kill stops the node as a crash would: the connection drops first, so
// its heartbeat is left to expire.
func (tn *testNode) kill() {
	tn.Close()
	tn.cancel()
	<-tn.done
}

// hostFeeds returns n feed URLs on n distinct hosts.
func hostFeeds(n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://site%03d.example/feed.xml", i)
	}
	return urls
}

// portOf is the port of a nats://host:port URL.
func portOf(t testing.TB, url string) int {
	t.Helper()
	var port int
	if _, err := fmt.Sscanf(url[strings.LastIndex(url, ":")+1:], "%d", &port); err != nil {
		t.Fatalf("port of %s: %v", url, err)
	}
	return port
}

// startReplicatedNode is startNode against several servers, with every
// bucket and the stream on three of them.
func startReplicatedNode(t testing.TB, urls []string, name string, ttl time.Duration) *testNode {
	t.Helper()
	return startNodeWith(t, Options{Servers: urls, Node: name, TTL: ttl, Replicas: 3, ClaimLease: 2 * ttl})
}

// openBenchDB opens a fresh archive closed when the benchmark ends.
func openBenchDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "alone.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// logLines counts the lines of a log written to it, by what they hold.
type logLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, string(p))
	return len(p), nil
}

// count is how many lines hold s.
func (l *logLines) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// String is every line, for a failure's message.
func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "")
}
