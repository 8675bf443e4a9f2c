package cluster

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// conditionalPolls runs nodes crawlers in this process, alone (nodes 1,
// no cluster) or as a cluster, over 300 feeds answered 304, and reports
// the 304s per second the site served, all nodes together.
func conditionalPolls(b *testing.B, nodes int) {
	const feeds, interval = 300, 20 * time.Millisecond
	s := newSite(b)
	var fl []store.Feed
	for i := range feeds {
		host := fmt.Sprintf("feed%03d.test", i)
		s.setItems(host, 0)
		fl = append(fl, store.Feed{Name: host, URL: s.feedURL(host), Interval: interval})
	}
	var url string
	if nodes > 1 {
		url = startNATS(b, b.TempDir(), -1).ClientURL()
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	var tns []*testNode
	for i := range nodes {
		name := fmt.Sprintf("n%d", i)
		var tn *testNode
		if nodes > 1 {
			tn = startNode(b, url, name, 10*time.Second)
			tns = append(tns, tn)
		} else {
			tn = &testNode{db: openBenchDB(b)}
		}
		cl, err := clean.New(nil)
		if err != nil {
			b.Fatal(err)
		}
		o := crawler.Options{UserAgent: name, AllowPrivateNetworks: true, Transport: s.transport(), MinInterval: interval}
		if tn.Node != nil {
			o.Cluster = tn.ForCrawler()
		}
		c, err := crawler.New(tn.db, cl, o)
		if err != nil {
			b.Fatal(err)
		}
		wg.Go(func() { c.Run(ctx, fl) })
	}
	if nodes > 1 {
		testkit.WaitFor(b, 30*time.Second, "all nodes live", func() bool {
			for _, tn := range tns {
				if len(tn.Nodes()) != nodes {
					return false
				}
			}
			return true
		})
	}
	count := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.notModified
	}
	testkit.WaitFor(b, time.Minute, "every feed answered 304 once", func() bool { return count() >= feeds })
	b.ResetTimer()
	start, n0 := time.Now(), count()
	testkit.WaitFor(b, 10*time.Minute, "b.N conditional polls", func() bool { return count()-n0 >= b.N })
	b.StopTimer()
	b.ReportMetric(float64(count()-n0)/time.Since(start).Seconds(), "polls/s")
}

// BenchmarkConditionalPollsOne is one node alone: the baseline.
func BenchmarkConditionalPollsOne(b *testing.B) { conditionalPolls(b, 1) }

// BenchmarkConditionalPollsThree is three cluster nodes in one process
// sharing the same feeds through an embedded NATS server.
func BenchmarkConditionalPollsThree(b *testing.B) { conditionalPolls(b, 3) }
