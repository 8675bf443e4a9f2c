package minhash

import (
	"hash/fnv"
	"strings"
	"unicode"
)

const (
	shingleWords = 2   // consecutive words per shingle
	size         = 128 // values in a signature
)

// Signature is the MinHash signature of a text. The fraction of positions
// where two signatures agree estimates the Jaccard similarity of the texts'
// shingle sets.
type Signature [size]uint32

// Of returns the signature of text over its shingles of two words,
// lower-cased, punctuation dropped; ok is false for a text without words.
func Of(text string) (sig Signature, ok bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	seeds := seedsOf() // once per text, not once per shingle and value
	for i := range max(1, len(words)-shingleWords+1) {
		h := shingleHash(words[i:min(i+shingleWords, len(words))])
		for j, s := range seeds {
			if v := uint32(mix(h^s) >> 32); v < sig[j] {
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
	return float64(same) / size
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

// seedsOf returns the seed of every hash function.
func seedsOf() (s [size]uint64) {
	for j := range s {
		s[j] = seed(j)
	}
	return s
}

// mix is the splitmix64 finaliser: a cheap, well-spread 64-bit permutation,
// so that one FNV hash per shingle yields all the signature's values.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
