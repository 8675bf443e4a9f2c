package minhash

import (
	"encoding/binary"
	"hash/fnv"
)

// rows is the number of signature values per band. With 16 bands of 8,
// texts 0.9 alike share a band with a probability of 1-(1-0.9^8)^16, above
// 0.999, and texts half alike with one of about 0.06: few candidates to
// read, hardly a near-duplicate missed.
const rows = 8

// Bands is the number of LSH bands a signature is cut into.
const Bands = size / rows

// Band returns the key of band i of a: the band number (one byte) and the
// FNV-1a hash of the band's values (uint64 big-endian). Signatures with a
// band key in common are candidates for a near-duplicate.
func (a *Signature) Band(i int) []byte {
	h := fnv.New64a()
	for _, v := range a[i*rows : (i+1)*rows] {
		_, _ = h.Write(binary.BigEndian.AppendUint32(nil, v)) // hash writes never fail
	}
	return binary.BigEndian.AppendUint64([]byte{byte(i)}, h.Sum64())
}
