//go:build unix

package cluster

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// cpuTime is the process's user and system CPU time so far: the embedded
// NATS server's included, as it runs in the process.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchArticle is the i-th article of a benchmark: about 2 KB of text.
func benchArticle(i int) *store.Article {
	return &store.Article{
		URL:     fmt.Sprintf("https://bench.example/story/%d", i),
		Title:   fmt.Sprintf("Bulletin %d", i),
		Text:    testkit.StoryText(fmt.Sprintf("bench/%d", i)),
		Fetched: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

// archive runs b.N archives and reports CPU time per article; cluster
// nil archives alone.
func archive(b *testing.B, n *Node) {
	db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	b.ReportAllocs()
	start := cpuTime(b)
	b.ResetTimer()
	for i := range b.N {
		a := benchArticle(i)
		keys := store.ClaimKeys("bench", fmt.Sprint(i), a.URL)
		if n != nil {
			if err := n.Claim(ctx, keys); err != nil {
				b.Fatal(err)
			}
			text := store.TextClaimKey(a.Text) // claimed once the page is fetched, as the crawler does
			if err := n.Claim(ctx, []string{text}); err != nil {
				b.Fatal(err)
			}
			keys = append(keys, text)
		}
		if _, _, err := db.Save(a, "bench", fmt.Sprint(i)); err != nil {
			b.Fatal(err)
		}
		if n == nil {
			continue
		}
		if err := n.Archived(ctx, keys, ""); err != nil {
			b.Fatal(err)
		}
		if i%drainBatch == drainBatch-1 || i == b.N-1 {
			if err := n.drain(ctx, db); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/article")
}

// BenchmarkArchiveAlone is the baseline: saving articles into the archive.
func BenchmarkArchiveAlone(b *testing.B) { archive(b, nil) }

// BenchmarkArchiveInCluster adds what a cluster node does per article:
// claiming its two identity keys before the fetch and its text's after,
// marking the three archived,
// and publishing its record from the outbox, against an embedded NATS
// server in this process (whose CPU counts too).
func BenchmarkArchiveInCluster(b *testing.B) {
	url := startNATS(b, b.TempDir(), -1).ClientURL()
	n, err := Connect(Options{Servers: []string{url}, Node: "bench", TTL: 10 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	archive(b, n)
}
