package captures

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

// Head is a capture but its body: the HTTP exchange the page came in.
type Head struct {
	URL           string      `json:"url"`
	Fetched       time.Time   `json:"fetched,omitzero"`
	Status        int         `json:"status"`
	RequestHeader http.Header `json:"request_header,omitempty"`
	Header        http.Header `json:"header,omitempty"`
}

// Codec packs captures into records of the file and unpacks them. zstd's
// EncodeAll and DecodeAll are safe for concurrent use, so one Codec serves
// a whole archive. The buffers a capture is packed in are reused: a page
// is about 170 KB, and allocating two such buffers per article made the
// collector and the scavenger work for nothing.
type Codec struct {
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	bufs sync.Pool // of *[]byte
}

// window is the compressor's window. zstd's default (8 MiB) costs about
// 18 MB of encoder state; pages are rarely over 1 MiB, and for those that
// are, matches further back than 1 MiB are worth little, while 1 MiB costs
// about 3 MB.
const window = 1 << 20

// maxPooled caps the buffers kept for reuse: a rare huge page is not worth
// keeping memory for.
const maxPooled = 1 << 20

// NewCodec builds a compressor and a decompressor. The compressor runs at
// zstd's fastest level: on the extraction benchmark's pages it is about 1.5x
// the speed of the default level for captures 5% larger (21.4% of the page
// against 20.3%), and compression was a third of the store's CPU.
func NewCodec() (*Codec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(window), zstd.WithLowerEncoderMem(true))
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	return &Codec{enc: enc, dec: dec}, nil
}

// Close releases the decoder's goroutines.
func (c *Codec) Close() { c.dec.Close() }

// Packed is a capture ready to append: its record in the file, with the
// hash of its uncompressed form. Record is the Codec's until Release.
type Packed struct {
	Record []byte // the length prefix, then the compressed capture
	Hash   string // "sha256:<hex>" of the uncompressed form
}

// Pack encodes and compresses the capture of head and body into its
// record. The compressor writes after the length prefix, so the record is
// appended as it is, not copied.
func (c *Codec) Pack(head *Head, body []byte) (Packed, error) {
	js, err := json.Marshal(head)
	if err != nil {
		return Packed{}, fmt.Errorf("encode capture: %w", err)
	}
	raw := c.buffer(len(js) + 1 + len(body))
	raw = append(append(append(raw, js...), '\n'), body...)
	rec := c.enc.EncodeAll(raw, c.buffer(lenSize + len(raw)/2)[:lenSize])
	p := Packed{Record: rec, Hash: digest(raw)}
	c.reuse(raw)
	if len(rec)-lenSize > math.MaxUint32 {
		c.Release(&p)
		return Packed{}, fmt.Errorf("encode capture: %d bytes compressed, over 4 GiB", len(rec))
	}
	binary.BigEndian.PutUint32(rec, uint32(len(rec)-lenSize))
	return p, nil
}

// Release gives p's record back to c; p must not be used after.
func (c *Codec) Release(p *Packed) {
	c.reuse(p.Record)
	p.Record = nil
}

// Unpack decompresses a capture as File.Read returns it, and returns its
// head and body with the hash of its uncompressed form, for checking.
func (c *Codec) Unpack(data []byte) (head Head, body []byte, hash string, err error) {
	raw, err := c.dec.DecodeAll(data, nil)
	if err != nil {
		return Head{}, nil, "", fmt.Errorf("decompress capture: %w", err)
	}
	js, body, ok := bytes.Cut(raw, []byte{'\n'})
	if !ok {
		return Head{}, nil, "", errors.New("decode capture: no end of head")
	}
	if err := json.Unmarshal(js, &head); err != nil {
		return Head{}, nil, "", fmt.Errorf("decode capture: %w", err)
	}
	return head, body, digest(raw), nil
}

// buffer returns an empty buffer from the pool, or a new one of capacity n.
func (c *Codec) buffer(n int) []byte {
	if b, ok := c.bufs.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:0]
	}
	return make([]byte, 0, n)
}

// reuse puts b back in the pool.
func (c *Codec) reuse(b []byte) {
	if cap(b) <= maxPooled {
		c.bufs.Put(&b)
	}
}

// digest is "sha256:<hex>" of b, the form of the hashes an article
// records.
func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
