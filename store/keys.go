package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// contentHashPrefix names the digest in Article.ContentHash.
const contentHashPrefix = "sha256:"

// idKey is the key of article id: 8 bytes big-endian, so keys sort by id.
func idKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), id)
}

// keyID decodes an idKey, or an index value, which has the same form.
func keyID(k []byte) (uint64, error) {
	if len(k) != 8 {
		return 0, fmt.Errorf("article id is %d bytes long, want 8", len(k))
	}
	return binary.BigEndian.Uint64(k), nil
}

// hashKey is the sha256 of its parts, each preceded by its length so that
// ("ab", "c") and ("a", "bc") differ. The first part names the key's kind.
func hashKey(parts ...string) []byte {
	h := sha256.New()
	for _, p := range parts {
		_, _ = h.Write(binary.BigEndian.AppendUint64(nil, uint64(len(p)))) // hash writes never fail
		_, _ = h.Write([]byte(p))
	}
	return h.Sum(nil)
}

// urlKey is the index_url key of a normalised URL.
func urlKey(normalized string) []byte { return hashKey("url", normalized) }

// guidKey is the index_guid key of a feed item's GUID.
func guidKey(feed, guid string) []byte { return hashKey("guid", feed, guid) }

// feedKey is the feeds key of a feed name.
func feedKey(name string) []byte { return hashKey("feed", name) }

// contentHash is the Article.ContentHash of text.
func contentHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return contentHashPrefix + hex.EncodeToString(sum[:])
}

// contentKey is the index_hash key of an Article.ContentHash: its raw digest.
func contentKey(hash string) ([]byte, error) {
	digest, ok := strings.CutPrefix(hash, contentHashPrefix)
	if !ok {
		return nil, fmt.Errorf("content hash %q: want the form %s<hex>", hash, contentHashPrefix)
	}
	raw, err := hex.DecodeString(digest)
	if err != nil || len(raw) != sha256.Size {
		return nil, fmt.Errorf("content hash %q: want %d hex-encoded bytes", hash, sha256.Size)
	}
	return raw, nil
}
