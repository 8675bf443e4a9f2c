package cluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/depeche-archiver/depeche/store"
)

// readBatch is how many records Export fetches at a time.
const readBatch = 512

// Export writes the records of the stream after sequence after, up to the
// last one when it starts, as a single node's export writes them, each
// with the stream sequence as its cursor: a reader that passes the
// largest cursor it has seen gets every record once. It returns how many
// it wrote.
func (n *Node) Export(ctx context.Context, w io.Writer, after uint64) (int, error) {
	h, err := n.handles(ctx)
	if err != nil {
		return 0, fmt.Errorf("cluster export: %w", err)
	}
	info, err := h.stream.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("cluster export: stream %s: %w", streamName, err)
	}
	last := info.State.LastSeq
	if last <= after {
		return 0, nil
	}
	cons, err := n.js.OrderedConsumer(ctx, streamName, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: after + 1,
	})
	if err != nil {
		return 0, fmt.Errorf("cluster export: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	written, err := copyRecords(cons, bw, last)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return written, fmt.Errorf("cluster export: %w", err)
	}
	return written, nil
}

// copyRecords writes the consumer's records up to sequence last.
func copyRecords(cons jetstream.Consumer, w io.Writer, last uint64) (int, error) {
	written := 0
	for {
		batch, err := cons.Fetch(readBatch, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return written, err
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			meta, err := msg.Metadata()
			if err != nil {
				return written, err
			}
			seq := meta.Sequence.Stream
			line, err := store.WithCursor(msg.Data(), seq)
			if err != nil {
				return written, err
			}
			if _, err := w.Write(line); err != nil {
				return written, err
			}
			written++
			if seq >= last {
				return written, nil
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return written, err
		}
		if got == 0 {
			return written, nil // the rest was deleted from the stream
		}
	}
}
