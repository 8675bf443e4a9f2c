package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/cluster"
	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// clusterSite answers for many hosts, 127.0.x.y on one port: a feed per
// host, and its stories. It logs each request's time and User-Agent.
type clusterSite struct {
	port  string
	mu    sync.Mutex
	items int // stories each feed lists
	log   map[string][]siteHit
}

type siteHit struct {
	at    time.Time
	agent string
}

func newClusterSite(t *testing.T) *clusterSite {
	// All of 127.0.0.0/8 is this machine: listening on every address is
	// how one server answers for all of them.
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &clusterSite{port: port, items: 2, log: map[string][]siteHit{}}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// host is the address of the i-th feed's host.
func (s *clusterSite) host(i int) string {
	return fmt.Sprintf("127.0.%d.%d", 1+i/200, 1+i%200)
}

func (s *clusterSite) setItems(n int) {
	s.mu.Lock()
	s.items = n
	s.mu.Unlock()
}

func (s *clusterSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.Host)
	s.mu.Lock()
	s.log[host+r.URL.Path] = append(s.log[host+r.URL.Path], siteHit{time.Now(), r.UserAgent()})
	n := s.items
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/feed.xml":
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk %s</title><link>http://%s/</link>`, host, r.Host)
		for i := n - 1; i >= 0; i-- {
			fmt.Fprintf(w, `<item><title>Bulletin %d of desk %s</title><link>http://%s/story/%d</link><guid>%s/%d</guid></item>`, i, host, r.Host, i, host, i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case strings.HasPrefix(r.URL.Path, "/story/"):
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Bulletin %s of desk %s</title></head><body><article><h1>Bulletin %[1]s of desk %[2]s</h1>%s</article></body></html>`,
			r.URL.Path[7:], host, testkit.StoryText(host+r.URL.Path))
	default:
		http.NotFound(w, r)
	}
}

// hits returns the requests for host and path.
func (s *clusterSite) hits(host, path string) []siteHit {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log[host+path])
}

// clusterConfig writes node name's config: feeds of the site's hosts, a
// short heartbeat TTL.
func clusterConfig(t *testing.T, dir, name, natsURL string, s *clusterSite, feeds int, ttl, interval time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "archive: %s\nuser_agent: %q\nallow_private_networks: true\nlisten: \"\"\nhost_delay: 0s\njitter: 0\ninterval: %s\n",
		filepath.Join(dir, name+".db"), "depeche-test "+name, interval)
	fmt.Fprintf(&b, "cluster:\n  nats: [%s]\n  node: %s\n  heartbeat_ttl: %s\nfeeds:\n", natsURL, name, ttl)
	for i := range feeds {
		fmt.Fprintf(&b, "  - name: desk%03d\n    url: http://%s:%s/feed.xml\n", i, s.host(i), s.port)
	}
	path := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startNode starts "depeche run" for a config, its log in a file.
func startClusterNode(t *testing.T, cfg string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "run", "-config", cfg)
	cmd.Env = append(os.Environ(), "DEPECHE_TEST_MAIN=1")
	logFile, err := os.Create(strings.TrimSuffix(cfg, ".yaml") + ".log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(5*time.Minute, func() { cmd.Process.Kill() })
	t.Cleanup(func() { watchdog.Stop(); cmd.Process.Kill(); cmd.Wait(); logFile.Close() })
	return cmd
}

// streamRecords reads the cluster's stream as export -cluster does.
func streamRecords(t *testing.T, node *cluster.Node) []store.Record {
	var buf bytes.Buffer
	if _, err := node.Export(context.Background(), &buf, 0); err != nil {
		t.Fatal(err)
	}
	var recs []store.Record
	if err := store.DecodeRecords(&buf, func(r store.Record) error { recs = append(recs, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestThreeNodesShareFeedsAndSurviveSIGKILL(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("three daemons and 150 feeds: not in -short")
	}
	// A TTL of 4s: under -race beside other tests' load, shorter ones make
	// heartbeats late and feeds move back and forth.
	// 150 feeds: enough for each node's share to be plain (n3's is about
	// 50), few enough for the package's other tests to run beside it.
	const feeds, ttl, interval = 150, 4 * time.Second, 3 * time.Second
	natsURL := natstest.URL(t)
	observer, err := cluster.Connect(cluster.Options{Servers: []string{natsURL}, Node: "observer", TTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	defer observer.Close()
	site := newClusterSite(t)
	dir := t.TempDir()
	names := []string{"n1", "n2", "n3"}
	cmds := map[string]*exec.Cmd{}
	for _, name := range names {
		cmds[name] = startClusterNode(t, clusterConfig(t, dir, name, natsURL, site, feeds, ttl, interval))
	}
	testkit.WaitFor(t, 3*time.Minute, "two records a feed in the stream", func() bool { return len(streamRecords(t, observer)) >= 2*feeds })

	// The three have long seen each other: from now on each feed is polled
	// by one node until n3 is killed.
	steady := time.Now()
	testkit.WaitFor(t, time.Minute, "every feed polled twice more", func() bool {
		for i := range feeds {
			if len(after(site.hits(site.host(i), "/feed.xml"), steady)) < 2 {
				return false
			}
		}
		return true
	})
	var ofN3 []string
	for i := range feeds {
		by := agents(after(site.hits(site.host(i), "/feed.xml"), steady))
		if len(by) != 1 {
			t.Errorf("feed of %s polled by %v in the steady state, want one node", site.host(i), by)
		}
		if by["depeche-test n3"] > 0 {
			ofN3 = append(ofN3, site.host(i))
		}
	}
	if len(ofN3) < feeds/6 {
		t.Fatalf("n3 polled %d of %d feeds, want about a third", len(ofN3), feeds)
	}

	if err := cmds["n3"].Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	site.setItems(3)
	took := testkit.WaitFor(t, 2*time.Minute, "n3's feeds polled by n1 or n2", func() bool {
		for _, h := range ofN3 {
			by := agents(after(site.hits(h, "/feed.xml"), killed))
			if by["depeche-test n1"]+by["depeche-test n2"] == 0 {
				return false
			}
		}
		return true
	})
	t.Logf("n3's %d feeds all polled elsewhere %v after SIGKILL (ttl %v, interval %v)", len(ofN3), took, ttl, interval)
	if took > 2*ttl+interval+2*time.Second {
		t.Errorf("failover took %v, want within two TTLs and an interval (%v)", took, 2*ttl+interval)
	}
	testkit.WaitFor(t, 3*time.Minute, "three records a feed in the stream", func() bool { return len(streamRecords(t, observer)) >= 3*feeds })

	recs := streamRecords(t, observer)
	urls := map[string]int{}
	for _, r := range recs {
		urls[r.URL]++
	}
	if len(recs) != 3*feeds || len(urls) != 3*feeds {
		t.Errorf("stream holds %d records of %d articles, want %d, each once", len(recs), len(urls), 3*feeds)
	}
	for i := range feeds {
		for j := range 3 {
			if n := len(site.hits(site.host(i), fmt.Sprintf("/story/%d", j))); n != 1 {
				t.Errorf("story %d of %s fetched %d times, want once", j, site.host(i), n)
			}
		}
	}
	cursor := strconv.Itoa(2 * feeds)
	stdout, _, err := cli(t, "export", "-cluster", "-after", cursor, "-config", filepath.Join(dir, "n1.yaml"))
	if err != nil || strings.Count(stdout, "\n") != feeds {
		t.Errorf("export -cluster -after %s: %d lines (%v), want %d", cursor, strings.Count(stdout, "\n"), err, feeds)
	}
}

// after keeps the hits at or after t.
func after(hits []siteHit, t time.Time) []siteHit {
	return slices.DeleteFunc(hits, func(h siteHit) bool { return h.at.Before(t) })
}

// agents counts hits by User-Agent.
func agents(hits []siteHit) map[string]int {
	out := map[string]int{}
	for _, h := range hits {
		out[h.agent]++
	}
	return out
}
