package minhash

import "encoding/binary"

// Bytes is the stored form of a: its values, 4 bytes big-endian each.
func (a *Signature) Bytes() []byte {
	out := make([]byte, 0, 4*size)
	for _, v := range a {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	return out
}

// Parse reads the stored form of a signature; ok is false when raw is not
// one.
func Parse(raw []byte) (sig Signature, ok bool) {
	if len(raw) != 4*size {
		return sig, false
	}
	for i := range sig {
		sig[i] = binary.BigEndian.Uint32(raw[4*i:])
	}
	return sig, true
}
