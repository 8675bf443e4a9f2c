package store

import (
	"encoding/binary"
	"fmt"
)

// captureRef is where a capture lies in the captures file: the offset of
// its length prefix and its compressed length.
type captureRef struct {
	offset int64
	length uint32
}

// end is the offset just past the capture.
func (r captureRef) end() int64 { return r.offset + captureHeadLen + int64(r.length) }

// encode is the stored form of r: offset (uint64) then length (uint32),
// big-endian.
func (r captureRef) encode() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, 12), uint64(r.offset))
	return binary.BigEndian.AppendUint32(b, r.length)
}

// decodeCaptureRef reads a stored captureRef.
func decodeCaptureRef(b []byte) (captureRef, error) {
	if len(b) != 12 {
		return captureRef{}, fmt.Errorf("capture reference of %d bytes, want 12", len(b))
	}
	return captureRef{offset: int64(binary.BigEndian.Uint64(b)), length: binary.BigEndian.Uint32(b[8:])}, nil
}

// putCaptureRef records that article id's capture is at ref, and moves the
// committed end of the captures file past it.
func (b buckets) putCaptureRef(id uint64, ref captureRef) error {
	if err := b.captureRefs.Put(idKey(id), ref.encode()); err != nil {
		return fmt.Errorf("store capture reference of article %d: %w", id, err)
	}
	if ref.end() <= capturesEnd(b) {
		return nil
	}
	if err := b.meta.Put([]byte(metaCapturesEnd), binary.BigEndian.AppendUint64(nil, uint64(ref.end()))); err != nil {
		return fmt.Errorf("store end of captures: %w", err)
	}
	return nil
}

// capturesEnd is the committed end of the captures file, 0 when no capture
// was written to it yet.
func capturesEnd(b buckets) int64 {
	v := b.meta.Get([]byte(metaCapturesEnd))
	if len(v) != 8 {
		return 0
	}
	return int64(binary.BigEndian.Uint64(v))
}

// captureData returns the compressed capture of article id, read from
// the captures file or, for an archive written before it existed, from
// the captures bucket (copied out of the transaction); nil when there is
// none.
func (db *DB) captureData(b buckets, id uint64) ([]byte, error) {
	if v := b.captureRefs.Get(idKey(id)); v != nil {
		ref, err := decodeCaptureRef(v)
		if err != nil {
			return nil, err
		}
		return db.captures.read(ref)
	}
	if v := b.captures.Get(idKey(id)); v != nil {
		return append([]byte(nil), v...), nil
	}
	return nil, nil
}
