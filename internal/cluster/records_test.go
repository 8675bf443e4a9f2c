package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// saveArticles archives n articles of feed into db, numbered from first.
func saveArticles(t testing.TB, db *store.DB, feed string, first, n int) {
	t.Helper()
	for i := first; i < first+n; i++ {
		a := &store.Article{
			URL:     fmt.Sprintf("https://news.example/%s/%d", feed, i),
			Title:   fmt.Sprintf("Story %d", i),
			Text:    fmt.Sprintf("The text of story %d of %s, long enough to be an article.", i, feed),
			Fetched: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		}
		if _, _, err := db.Save(a, feed, fmt.Sprintf("g%d", i)); err != nil {
			t.Fatal(err)
		}
	}
}

// streamCount is how many records the stream holds; 0, logged, while the
// servers cannot say (a server lost, a leader being elected).
func streamCount(t testing.TB, n *Node) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	h, err := n.handles(ctx)
	if err != nil {
		t.Logf("stream count: %v", err)
		return 0
	}
	info, err := h.stream.Info(ctx)
	if err != nil {
		t.Logf("stream count: %v", err)
		return 0
	}
	return info.State.Msgs
}

func TestOutboxGoesToTheStreamOnce(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	ctx := context.Background()
	url := natstest.URL(t)
	a, b := startNode(t, url, "a", ttl), startNode(t, url, "b", ttl)
	saveArticles(t, a.db, "wire", 0, 5)
	saveArticles(t, b.db, "post", 0, 3)
	a.wakeDrain()
	b.wakeDrain()
	testkit.WaitFor(t, 10*time.Second, "8 records in the stream", func() bool { return streamCount(t, a.Node) == 8 })

	// A crash between the publish and the mark publishes again, under
	// the same message ids.
	box, err := a.db.Outbox(0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.publish(ctx, box); err != nil {
		t.Fatal(err)
	}
	if got := streamCount(t, a.Node); got != 8 {
		t.Errorf("stream holds %d records after a republish, want 8", got)
	}

	var all bytes.Buffer
	n, err := a.Export(ctx, &all, 0)
	if err != nil || n != 8 {
		t.Fatalf("export wrote %d (%v), want 8", n, err)
	}
	var cursors []uint64
	err = store.DecodeRecords(&all, func(r store.Record) error {
		cursors = append(cursors, r.Cursor)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cursors {
		if c != uint64(i+1) {
			t.Fatalf("cursors %v, want the stream sequences 1..8", cursors)
		}
	}
	var rest bytes.Buffer
	if n, err := a.Export(ctx, &rest, 6); err != nil || n != 2 || strings.Count(rest.String(), "\n") != 2 {
		t.Errorf("export after 6 wrote %d (%v), want 2", n, err)
	}
}

func TestOutboxWaitsForNATS(t *testing.T) {
	t.Parallel()
	const ttl = 2 * time.Second // a third of it for a beat to land
	dir := t.TempDir()
	s := startNATS(t, dir, -1)
	a := startNode(t, s.ClientURL(), "a", ttl)
	saveArticles(t, a.db, "wire", 0, 2)
	a.wakeDrain()
	testkit.WaitFor(t, 10*time.Second, "2 records", func() bool { return streamCount(t, a.Node) == 2 })
	addr := s.ClientURL()
	s.Shutdown()
	s.WaitForShutdown()

	saveArticles(t, a.db, "wire", 2, 3) // archived while NATS is down
	testkit.WaitFor(t, 10*ttl, "a notices NATS is gone", func() bool { return a.Health() != nil })
	if mark, _ := a.db.Published(); mark != 2 {
		t.Errorf("published mark %d while NATS is down, want 2", mark)
	}
	startNATS(t, dir, portOf(t, addr))
	testkit.WaitFor(t, 20*time.Second, "the outbox drains after NATS is back", func() bool {
		mark, _ := a.db.Published()
		return mark == 5
	})
	if got := streamCount(t, a.Node); got != 5 {
		t.Errorf("stream holds %d records, want 5", got)
	}
	testkit.WaitFor(t, 3*ttl, "a is healthy again", func() bool { return a.Health() == nil })
}

// inMsgs is how many messages the server has taken in from its clients.
func inMsgs(t *testing.T, s *server.Server) int64 {
	t.Helper()
	v, err := s.Varz(nil)
	if err != nil {
		t.Fatal(err)
	}
	return v.InMsgs
}

// TestRefusedRecordsAreNotSentAgainAtEveryWake: a stream that refuses
// records (its server out of storage) is not sent the outbox again at each
// article archived meanwhile, and the refusal is logged once.
func TestRefusedRecordsAreNotSentAgainAtEveryWake(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	s := startNATSWith(t, &server.Options{Port: -1, StoreDir: t.TempDir(), JetStreamMaxStore: 64 << 10})
	var logs logLines
	a := startNodeWith(t, Options{Servers: []string{s.ClientURL()}, Node: "a", TTL: ttl, ClaimLease: 2 * ttl,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for i := range 30 { // 8 kB each: the server stores 64 kB at most
		art := &store.Article{
			URL:     fmt.Sprintf("https://news.example/long/%d", i),
			Title:   fmt.Sprintf("Long story %d", i),
			Text:    strings.Repeat(fmt.Sprintf("Paragraph of the long story %d. ", i), 250),
			Fetched: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		}
		if _, _, err := a.db.Save(art, "long", fmt.Sprintf("g%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	a.wakeDrain()
	const refused = "cluster: publish records"
	testkit.WaitFor(t, 10*time.Second, "the stream refuses records", func() bool { return logs.count(refused) > 0 })

	before := inMsgs(t, s)
	const wakes = 20 // as many articles archived
	for range wakes {
		a.wakeDrain()
		testkit.WaitFor(t, 5*time.Second, "the drain loop takes the wake", func() bool { return len(a.wake) == 0 })
	}
	// A wake taken may be at work still: stop the node to count.
	a.stop()
	sent := inMsgs(t, s) - before
	if n := logs.count(refused); n != 1 {
		t.Errorf("%d log lines for %d wakes while the stream refuses records, want 1", n, wakes)
	}
	if sent > 2*wakes {
		t.Errorf("%d messages sent to the server for %d wakes while its stream refuses records, want a few heartbeats", sent, wakes)
	}
}

// TestDrainFailuresWaitLongerAndAreLoggedWhenTheyChange: drains that
// fail wait 2, 4, 8 ... seconds, at most a minute, before the next; one
// that goes through ends the wait. Only a new failure, and the end, are
// logged.
func TestDrainFailuresWaitLongerAndAreLoggedWhenTheyChange(t *testing.T) {
	t.Parallel()
	var logs logLines
	log := slog.New(slog.NewTextHandler(&logs, nil))
	down, full := errors.New("NATS out of reach"), errors.New("insufficient resources")
	var f drainFailure
	var waits []time.Duration
	for _, err := range []error{nil, down, down, down, down, down, down, down, full, nil, nil} {
		f.note(log, err)
		waits = append(waits, f.wait)
	}
	s := time.Second
	want := []time.Duration{0, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, 60 * s, 60 * s, 60 * s, 0, 0}
	if !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if n := logs.count("NATS out of reach"); n != 1 {
		t.Errorf("the first failure logged %d times, want once", n)
	}
	if n := logs.count("insufficient resources"); n != 1 {
		t.Errorf("the second failure logged %d times, want once", n)
	}
	if n := logs.count("publishing records again"); n != 1 {
		t.Errorf("the end of the failures logged %d times, want once", n)
	}
}

// TestADeletedStreamIsMadeAgain: the stream deleted under a running
// node (by an operator, or lost by a server) is made again at the node's
// next drain, instead of every drain failing until a heartbeat does.
func TestADeletedStreamIsMadeAgain(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	a := startNode(t, natstest.URL(t), "a", ttl)
	saveArticles(t, a.db, "wire", 0, 2)
	a.wakeDrain()
	testkit.WaitFor(t, 10*time.Second, "2 records", func() bool { return streamCount(t, a.Node) == 2 })
	if err := a.js.DeleteStream(context.Background(), streamName); err != nil {
		t.Fatal(err)
	}
	saveArticles(t, a.db, "wire", 2, 3)
	a.wakeDrain()
	testkit.WaitFor(t, 10*time.Second, "the records archived since go to a stream made again", func() bool {
		mark, _ := a.db.Published()
		return mark == 5
	})
}

// TestAnOversizedRecordDoesNotHoldUpTheOthers: a record larger than the
// servers take in one message is left out of the stream, with an error
// that names its article, and the records after it go out.
func TestAnOversizedRecordDoesNotHoldUpTheOthers(t *testing.T) {
	t.Parallel()
	const ttl = time.Second
	s := startNATSWith(t, &server.Options{Port: -1, StoreDir: t.TempDir(), MaxPayload: 32 << 10})
	var logs logLines
	a := startNodeWith(t, Options{Servers: []string{s.ClientURL()}, Node: "a", TTL: ttl, ClaimLease: 2 * ttl,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	reg := prometheus.NewRegistry()
	if err := a.RegisterMetrics(reg, a.db, func() int { return 1 }); err != nil {
		t.Fatal(err)
	}
	saveArticles(t, a.db, "wire", 0, 2)
	huge := &store.Article{
		URL:     "https://news.example/wire/huge",
		Title:   "A live page that never ends",
		Text:    strings.Repeat("One more update of the live page, with its time and its line. ", 1000),
		Fetched: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	if _, _, err := a.db.Save(huge, "wire", "huge"); err != nil {
		t.Fatal(err)
	}
	saveArticles(t, a.db, "wire", 2, 2)
	a.wakeDrain()
	testkit.WaitFor(t, 10*time.Second, "the records after the oversized one in the stream", func() bool { return streamCount(t, a.Node) == 4 })
	if n := logs.count("https://news.example/wire/huge"); n != 1 {
		t.Errorf("the oversized record's article named in %d log lines, want 1:\n%s", n, logs.String())
	}
	if n := gathered(t, reg)["depeche_cluster_records_left_out_total"]; n != 1 {
		t.Errorf("depeche_cluster_records_left_out_total = %v, want 1", n)
	}
}
