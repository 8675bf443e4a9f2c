package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
)

// storedCapture is the head of a stored capture: everything but the body.
// A stored capture is this head as JSON, a newline, then the body as
// received; the whole is zstd-compressed. JSON never holds a raw newline,
// so the first one ends the head.
type storedCapture struct {
	URL           string      `json:"url"`
	Fetched       time.Time   `json:"fetched,omitzero"`
	Status        int         `json:"status"`
	RequestHeader http.Header `json:"request_header,omitempty"`
	Header        http.Header `json:"header,omitempty"`
}

// codec compresses captures. zstd's EncodeAll and DecodeAll are safe for
// concurrent use, so one of each serves the whole DB. The buffers a
// capture is packed in are reused: a page is about 170 KB, and allocating
// two such buffers per article made the collector and the scavenger work
// for nothing.
type codec struct {
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	bufs sync.Pool // of *[]byte
}

// captureWindow is the compressor's window. zstd's default (8 MiB) costs
// about 18 MB of encoder state; pages are rarely over 1 MiB, and for those
// that are, matches further back than 1 MiB are worth little. 1 MiB costs
// about 3 MB and compresses the benchmark pages to the same bytes.
const captureWindow = 1 << 20

// newCodec builds the DB's compressor and decompressor.
func newCodec() (*codec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(captureWindow), zstd.WithLowerEncoderMem(true))
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	return &codec{enc: enc, dec: dec}, nil
}

// close releases the decoder's goroutines.
func (c *codec) close() { c.dec.Close() }

// packedCapture is a capture ready to store: its record in the captures
// file (length prefix, then zstd), with the digest of its uncompressed
// form. Its record is the codec's until release.
type packedCapture struct {
	record []byte // captureHeadLen bytes of length, then the compressed capture
	hash   string // "sha256:<hex>" of the uncompressed form
}

// data is the compressed capture.
func (p *packedCapture) data() []byte { return p.record[captureHeadLen:] }

// maxPooled caps the buffers kept for reuse: a rare huge page is not worth
// keeping memory for.
const maxPooled = 1 << 20

// buffer returns an empty buffer from the pool, or a new one of capacity n.
func (c *codec) buffer(n int) []byte {
	if b, ok := c.bufs.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]byte, 0, n)
}

// reuse puts b back in the pool.
func (c *codec) reuse(b []byte) {
	if cap(b) <= maxPooled {
		c.bufs.Put(&b)
	}
}

// release gives p's record back to c; p must not be used after.
func (c *codec) release(p *packedCapture) {
	c.reuse(p.record)
	p.record = nil
}

// pack encodes and compresses capt into its record. The compressor writes
// after the length prefix, so the record is written as it is, not copied.
func (c *codec) pack(capt *Capture) (packedCapture, error) {
	head, err := json.Marshal(storedCapture{
		URL: capt.URL, Fetched: capt.Fetched, Status: capt.Status,
		RequestHeader: capt.RequestHeader, Header: capt.Header,
	})
	if err != nil {
		return packedCapture{}, fmt.Errorf("encode capture: %w", err)
	}
	raw := c.buffer(len(head) + 1 + len(capt.Body))
	raw = append(append(append(raw, head...), '\n'), capt.Body...)
	rec := c.enc.EncodeAll(raw, c.buffer(captureHeadLen + len(raw)/2)[:captureHeadLen])
	p := packedCapture{record: rec, hash: digest(raw)}
	c.reuse(raw)
	if len(rec)-captureHeadLen > math.MaxUint32 {
		c.release(&p)
		return packedCapture{}, fmt.Errorf("encode capture: %d bytes compressed, over 4 GiB", len(rec))
	}
	binary.BigEndian.PutUint32(rec, uint32(len(rec)-captureHeadLen))
	return p, nil
}

// unpack decompresses a stored capture and returns it with the digest of
// its uncompressed form, for checking.
func (c *codec) unpack(data []byte) (*Capture, string, error) {
	raw, err := c.dec.DecodeAll(data, nil)
	if err != nil {
		return nil, "", fmt.Errorf("decompress capture: %w", err)
	}
	head, body, ok := bytes.Cut(raw, []byte{'\n'})
	if !ok {
		return nil, "", errors.New("decode capture: no end of head")
	}
	var s storedCapture
	if err := json.Unmarshal(head, &s); err != nil {
		return nil, "", fmt.Errorf("decode capture: %w", err)
	}
	return &Capture{
		URL: s.URL, Fetched: s.Fetched, Status: s.Status,
		RequestHeader: s.RequestHeader, Header: s.Header, Body: body,
	}, digest(raw), nil
}

// digest is "sha256:<hex>" of b, the form of ContentHash and CaptureHash.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return contentHashPrefix + hex.EncodeToString(sum[:])
}
