package captures

import (
	"encoding/binary"
	"fmt"
)

// lenSize is the size of the length that precedes each capture.
const lenSize = 4

// refSize is the size of a Ref's stored form.
const refSize = 12

// Ref is where a capture lies in the file: the offset of its length prefix
// and its compressed length.
type Ref struct {
	Offset int64
	Length uint32
}

// End is the offset just past the capture.
func (r Ref) End() int64 { return r.Offset + lenSize + int64(r.Length) }

// Bytes is the stored form of r: offset (uint64) then length (uint32),
// big-endian.
func (r Ref) Bytes() []byte {
	b := binary.BigEndian.AppendUint64(make([]byte, 0, refSize), uint64(r.Offset))
	return binary.BigEndian.AppendUint32(b, r.Length)
}

// ParseRef reads the stored form of a Ref.
func ParseRef(b []byte) (Ref, error) {
	if len(b) != refSize {
		return Ref{}, fmt.Errorf("capture reference of %d bytes, want %d", len(b), refSize)
	}
	return Ref{Offset: int64(binary.BigEndian.Uint64(b)), Length: binary.BigEndian.Uint32(b[8:])}, nil
}
