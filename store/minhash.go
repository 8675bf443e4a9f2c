package store

import (
	"encoding/binary"
	"hash/fnv"
	"strings"
	"unicode"
)

// Near-duplicate detection: MinHash over word shingles, with locality
// sensitive hashing (LSH) bands so that finding candidates reads a few index
// entries instead of every article.
const (
	shingleWords = 2   // consecutive words per shingle
	minHashes    = 128 // values in a signature
	lshRows      = 8   // signature values per band
	lshBands     = minHashes / lshRows

	// NearDuplicate is the least estimated Jaccard similarity of two texts'
	// shingles at which the archive takes them for the same story.
	NearDuplicate = 0.9
)

// Signature is the MinHash signature of a text. The fraction of positions
// where two signatures agree estimates the Jaccard similarity of the texts'
// shingle sets.
type Signature [minHashes]uint32

// MinHash returns the signature of text over its shingles of two words,
// lower-cased, punctuation dropped; ok is false for a text without words.
// It is stable across builds (FNV-1a and fixed seeds), since signatures
// are stored.
func MinHash(text string) (sig Signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	for i := range max(1, len(words)-shingleWords+1) {
		h := shingleHash(words[i:min(i+shingleWords, len(words))])
		for j := range sig {
			if v := uint32(mix(h^seed(j)) >> 32); v < sig[j] {
				sig[j] = v
			}
		}
	}
	return sig, true
}

// Similarity estimates the Jaccard similarity of the texts of a and b.
func (a *Signature) Similarity(b *Signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / minHashes
}

// shingleHash is the FNV-1a hash of words joined by spaces.
func shingleHash(words []string) uint64 {
	h := fnv.New64a()
	for i, w := range words {
		if i > 0 {
			_, _ = h.Write([]byte{' '}) // hash writes never fail
		}
		_, _ = h.Write([]byte(w))
	}
	return h.Sum64()
}

// seed is the seed of hash function j.
func seed(j int) uint64 { return mix(uint64(j+1) * 0x9e3779b97f4a7c15) }

// mix is the splitmix64 finaliser: a cheap, well-spread 64-bit permutation.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// bandPrefix is the index_minhash key prefix of band i of sig: the band
// number and the FNV-1a hash of its values.
func bandPrefix(i int, sig *Signature) []byte {
	h := fnv.New64a()
	for _, v := range sig[i*lshRows : (i+1)*lshRows] {
		_, _ = h.Write(binary.BigEndian.AppendUint32(nil, v))
	}
	return binary.BigEndian.AppendUint64([]byte{byte(i)}, h.Sum64())
}

// encode is the stored form of sig: its values, 4 bytes big-endian each.
func (a *Signature) encode() []byte {
	out := make([]byte, 0, 4*minHashes)
	for _, v := range a {
		out = binary.BigEndian.AppendUint32(out, v)
	}
	return out
}

// decodeSignature reads a stored signature; ok is false when raw is not one.
func decodeSignature(raw []byte) (sig Signature, ok bool) {
	if len(raw) != 4*minHashes {
		return sig, false
	}
	for i := range sig {
		sig[i] = binary.BigEndian.Uint32(raw[4*i:])
	}
	return sig, true
}
