// Package minhash estimates how alike two texts are from small fixed-size
// signatures: MinHash over two-word shingles, with locality sensitive
// hashing (LSH) bands, so that an index keyed by band finds the candidates
// for a near-duplicate without reading every signature.
//
// Signatures are stored, so everything here is stable across builds and
// platforms: FNV-1a, fixed seeds and a big-endian stored form.
package minhash
