package cluster

import (
	"context"
	"fmt"
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
)

// Headers of a published record.
const (
	headerNode   = "Depeche-Node"
	headerCursor = "Depeche-Cursor"
)

// drainLoop publishes the outbox of db until ctx ends: at once when woken
// (an article was archived), else every drainEvery, so that records
// written while NATS was unreachable go out when it is back.
func (n *Node) drainLoop(ctx context.Context, db *store.DB) {
	tick := time.NewTicker(drainEvery)
	defer tick.Stop()
	for {
		if err := n.drain(ctx, db); err != nil && ctx.Err() == nil {
			n.o.Logger.Warn("cluster: publish records; they wait in the outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-n.wake:
		}
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
func (n *Node) publish(ctx context.Context, box []store.OutboxEntry) error {
	ctx, cancel := context.WithTimeout(ctx, max(n.o.TTL, 10*time.Second))
	defer cancel()
	acks := make([]jetstream.PubAckFuture, 0, len(box))
	for _, e := range box {
		f, err := n.js.PublishMsgAsync(n.recordMsg(e), jetstream.WithMsgID(n.msgID(e.Cursor)))
		if err != nil {
			return fmt.Errorf("publish record %d: %w", e.Cursor, err)
		}
		acks = append(acks, f)
	}
	for i, f := range acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("publish record %d: %w", box[i].Cursor, err)
		case <-ctx.Done():
			return fmt.Errorf("publish record %d: no acknowledgement: %w", box[i].Cursor, ctx.Err())
		}
	}
	return nil
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
