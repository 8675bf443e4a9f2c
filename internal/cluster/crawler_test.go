package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// crawlingNode is a node with a crawler polling feeds through it.
type crawlingNode struct {
	*testNode
	stopCrawl context.CancelFunc
	crawled   sync.WaitGroup
}

// startCrawling runs a crawler over tn's archive, asking tn which feeds
// are its own; it identifies itself to the site by the node's name.
func startCrawling(t *testing.T, tn *testNode, s *site, feeds []store.Feed, opts ...func(*crawler.Options)) *crawlingNode {
	t.Helper()
	cl, err := clean.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	o := crawler.Options{
		UserAgent: tn.Name(), AllowPrivateNetworks: true, Transport: s.transport(),
		Cluster: tn.ForCrawler(), Logger: log,
	}
	for _, opt := range opts {
		opt(&o)
	}
	c, err := crawler.New(tn.db, cl, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cn := &crawlingNode{testNode: tn, stopCrawl: cancel}
	cn.crawled.Go(func() {
		if err := c.Run(ctx, feeds); err != nil {
			t.Errorf("%s: run: %v", tn.Name(), err)
		}
	})
	t.Cleanup(cn.halt)
	return cn
}

// halt stops the crawler and waits for it.
func (cn *crawlingNode) halt() {
	cn.stopCrawl()
	cn.crawled.Wait()
}

func TestCrawlersShareFeedsAndArchiveEachArticleOnce(t *testing.T) {
	t.Parallel()
	const ttl, hosts, interval = 3 * time.Second, 30, crawler.Floor
	url := natstest.URL(t)
	s := newSite(t)
	var feeds []store.Feed
	var names []string
	for i := range hosts {
		host := fmt.Sprintf("feed%03d.test", i)
		s.setItems(host, 2)
		feeds = append(feeds, store.Feed{Name: host, URL: s.feedURL(host), Interval: interval})
		names = append(names, host)
	}
	var tns []*testNode
	for _, name := range []string{"a", "b", "c"} {
		tns = append(tns, startNode(t, url, name, ttl))
	}
	testkit.WaitFor(t, settle, "three live nodes", func() bool {
		return len(tns[0].Nodes()) == 3 && len(tns[1].Nodes()) == 3 && len(tns[2].Nodes()) == 3
	})
	var nodes []*crawlingNode
	for _, tn := range tns {
		nodes = append(nodes, startCrawling(t, tn, s, feeds))
	}
	a, c := nodes[0], nodes[2]
	testkit.WaitFor(t, 30*time.Second, "60 records in the stream", func() bool { return streamCount(t, a.Node) >= 2*hosts })

	pollers := func(host string) map[string]int { return s.requests(host, "/feed.xml") }
	var ofC []string
	for _, host := range names {
		p := pollers(host)
		if len(p) != 1 {
			t.Errorf("%s polled by %v, want one node", host, p)
		}
		if p["c"] > 0 {
			ofC = append(ofC, host)
		}
		for i := range 2 {
			if got := s.requests(host, fmt.Sprintf("/story/%d", i)); len(got) != 1 || sum(got) != 1 {
				t.Errorf("%s story %d fetched %v, want once", host, i, got)
			}
		}
	}
	if len(ofC) == 0 {
		t.Fatal("c polled no feed")
	}

	killed := time.Now()
	c.kill() // the heartbeat stops with the connection...
	c.halt() // ...and the crawler with the process
	for _, host := range names {
		s.setItems(host, 3)
	}
	// Two TTLs is the target, asserted by the membership test; here the
	// whole crawl runs beside it, so the bound leaves room for a loaded machine.
	testkit.WaitFor(t, 4*ttl+4*interval, "c's feeds polled by a or b", func() bool {
		for _, host := range ofC {
			if p := pollers(host); p["a"]+p["b"] == 0 {
				return false
			}
		}
		return true
	})
	t.Logf("c's %d feeds polled elsewhere %v after the kill (ttl %v, interval %v)", len(ofC), time.Since(killed), ttl, interval)
	testkit.WaitFor(t, 30*time.Second, "90 records in the stream", func() bool { return streamCount(t, a.Node) >= 3*hosts })
	testkit.WaitFor(t, 30*time.Second, "every third story fetched", func() bool {
		for _, host := range names {
			if sum(s.requests(host, "/story/2")) == 0 {
				return false
			}
		}
		return true
	})
	for _, host := range names {
		for i := range 3 {
			if got := s.requests(host, fmt.Sprintf("/story/%d", i)); sum(got) != 1 {
				t.Errorf("%s story %d fetched %v, want once in all", host, i, got)
			}
		}
	}
	if n := streamCount(t, a.Node); n != 3*hosts {
		t.Errorf("stream holds %d records, want %d", n, 3*hosts)
	}
	if t.Failed() {
		t.Logf("requests: %s", s.dump())
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// dump lists the site's request log.
func (s *site) dump() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for k, v := range s.log {
		fmt.Fprintf(&b, "%s %v\n", k, v)
	}
	return b.String()
}
