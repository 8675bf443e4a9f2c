package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/store"
)

// Outbox draining.
const (
	drainBatch = 256             // records published before the mark moves
	drainEvery = 2 * time.Second // how often the outbox is looked at without a wake
	// drainMost is the longest wait between two drains that fail: a
	// stream that refuses records (its server out of storage, say) is not
	// sent the same batch again at every article archived meanwhile.
	drainMost = time.Minute
)

// Headers of a published record.
const (
	headerNode   = "Depeche-Node"
	headerCursor = "Depeche-Cursor"
)

// drainLoop publishes the outbox of db until ctx ends: at once when woken
// (an article was archived), else every drainEvery, so that records
// written while NATS was unreachable go out when it is back. After a
// drain that failed, the next waits twice as long as the last, from
// drainEvery up to drainMost, whatever the wakes.
func (n *Node) drainLoop(ctx context.Context, db *store.DB) {
	tick := time.NewTicker(drainEvery)
	defer tick.Stop()
	var f drainFailure
	for {
		err := n.gone(n.drain(ctx, db))
		if ctx.Err() != nil {
			return
		}
		f.note(n.o.Logger, err)
		if !n.waitToDrain(ctx, tick.C, f.wait) {
			return
		}
	}
}

// waitToDrain waits for the next drain: the tick or a wake after a drain
// that went through; backoff after one that failed, wakes being taken and
// dropped meanwhile (their records are in the outbox, for the next
// drain). false when ctx ends.
func (n *Node) waitToDrain(ctx context.Context, tick <-chan time.Time, backoff time.Duration) bool {
	if backoff <= 0 {
		select {
		case <-ctx.Done():
			return false
		case <-tick:
		case <-n.wake:
		}
		return true
	}
	t := time.NewTimer(backoff)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
			return true
		case <-n.wake:
		}
	}
}

// drainFailure is what the drain loop keeps of the drains that failed in
// a row.
type drainFailure struct {
	wait    time.Duration // before the next drain; zero after one that went through
	failing string        // the error logged last; "" when none
}

// note takes the outcome of a drain: a failure is logged when it begins
// or changes, and its end once, since NATS may be out of reach for
// hours; the wait after a failure doubles from drainEvery up to
// drainMost.
func (f *drainFailure) note(log *slog.Logger, err error) {
	if err == nil {
		if f.failing != "" {
			log.Info("cluster: publishing records again")
		}
		*f = drainFailure{}
		return
	}
	f.wait = min(max(2*f.wait, drainEvery), drainMost)
	if err.Error() != f.failing {
		log.Warn("cluster: publish records; they wait in the outbox, tried again up to a minute apart", "err", err)
		f.failing = err.Error()
	}
}

// drain publishes every record after the published mark, a batch at a
// time, moving the mark once JetStream has acknowledged a whole batch.
func (n *Node) drain(ctx context.Context, db *store.DB) error {
	if _, err := n.handles(ctx); err != nil {
		return err
	}
	mark, err := db.Published()
	if err != nil {
		return err
	}
	for ctx.Err() == nil {
		box, err := db.Outbox(mark, drainBatch)
		if err != nil || len(box) == 0 {
			return err
		}
		if err := n.publish(ctx, box); err != nil {
			return err
		}
		mark = box[len(box)-1].Cursor
		if err := db.SetPublished(mark); err != nil {
			return err
		}
		n.count.published.Add(float64(len(box)))
		n.o.Logger.Debug("cluster: published", "records", len(box), "cursor", mark)
	}
	return nil
}

// publish sends box to the stream and waits for every acknowledgement.
// A record larger than the servers take in one message is left out
// (leaveOut): it would hold up every record after it for good.
func (n *Node) publish(ctx context.Context, box []store.OutboxEntry) error {
	ctx, cancel := context.WithTimeout(ctx, max(n.o.TTL, 10*time.Second))
	defer cancel()
	type sent struct {
		ack    jetstream.PubAckFuture
		cursor uint64
	}
	acks := make([]sent, 0, len(box))
	for _, e := range box {
		f, err := n.js.PublishMsgAsync(n.recordMsg(e), jetstream.WithMsgID(n.msgID(e.Cursor)))
		if errors.Is(err, nats.ErrMaxPayload) {
			n.leaveOut(e, err)
			continue
		}
		if err != nil {
			return fmt.Errorf("publish record %d: %w", e.Cursor, err)
		}
		acks = append(acks, sent{f, e.Cursor})
	}
	for _, s := range acks {
		select {
		case <-s.ack.Ok():
		case err := <-s.ack.Err():
			return fmt.Errorf("publish record %d: %w", s.cursor, err)
		case <-ctx.Done():
			return fmt.Errorf("publish record %d: no acknowledgement: %w", s.cursor, ctx.Err())
		}
	}
	return nil
}

// leaveOut logs, naming its article, and counts a record the servers
// refused as too large for one message.
func (n *Node) leaveOut(e store.OutboxEntry, err error) {
	var r store.Record
	if derr := json.Unmarshal(e.Line, &r); derr != nil {
		r.URL = "(record unreadable: " + derr.Error() + ")"
	}
	n.count.leftOut.Inc()
	n.o.Logger.Error("cluster: record too large for a NATS message (the servers' max_payload), left out of the stream; the article stays in this node's archive",
		"article", r.ID, "url", r.URL, "cursor", e.Cursor, "bytes", len(e.Line), "max_payload", n.nc.MaxPayload(), "err", err)
}

// recordMsg is the message of one outbox record.
func (n *Node) recordMsg(e store.OutboxEntry) *nats.Msg {
	m := nats.NewMsg(Subject(e.Feed))
	m.Data = e.Line
	m.Header.Set(headerNode, n.o.Node)
	m.Header.Set(headerCursor, strconv.FormatUint(e.Cursor, 10))
	return m
}

// msgID is the message id of this node's record at cursor: the same after
// a crash, so that JetStream drops a record published twice.
func (n *Node) msgID(cursor uint64) string {
	return n.o.Node + "." + strconv.FormatUint(cursor, 10)
}

// Subject is the stream subject of a feed's records.
func Subject(feed string) string {
	if feed == "" {
		feed = "_"
	}
	return subjectPrefix + feed
}

// wakeDrain asks the drain loop to look at the outbox now.
func (n *Node) wakeDrain() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}
