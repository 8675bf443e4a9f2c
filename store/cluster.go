package store

import (
	"bytes"
	"fmt"

	"github.com/depeche-archiver/depeche/store/minhash"
)

// nearDuplicate is the least estimated Jaccard similarity of two texts'
// shingles at which the archive takes them for the same story.
const nearDuplicate = 0.9

// nearest returns the id of the article, other than self, whose text is
// most like sig's, at least nearDuplicate alike. It reads only the
// index_minhash entries that share a band with sig, then those candidates'
// signatures; ok is false when there is none.
func (b buckets) nearest(sig *minhash.Signature, self uint64) (id uint64, ok bool) {
	if sig == nil {
		return 0, false
	}
	best := nearDuplicate
	c := b.lsh.Cursor()
	seen := map[uint64]bool{self: true}
	for i := range minhash.Bands {
		prefix := sig.Band(i)
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			cand, err := keyID(k[len(prefix):])
			if err != nil || seen[cand] {
				continue
			}
			seen[cand] = true
			other, found := minhash.Parse(b.sigs.Get(idKey(cand)))
			if s := sig.Similarity(&other); found && (s > best || (s == best && (!ok || cand < id))) {
				best, id, ok = s, cand, true
			}
		}
	}
	return id, ok
}

// cluster puts article a (not yet stored) in the cluster of its nearest
// near-duplicate, if any. A neighbour alone so far opens the cluster under
// its own id and takes a new cursor, since its export record changes.
func (b buckets) cluster(a *Article, sig *minhash.Signature) error {
	id, ok := b.nearest(sig, a.ID)
	if !ok {
		return nil
	}
	n, err := b.article(id)
	if err != nil {
		return fmt.Errorf("near-duplicate %d: %w", id, err)
	}
	if n.Cluster == 0 {
		n.Cluster = n.ID
		if err := b.moveCursor(n); err != nil {
			return err
		}
		if err := b.putArticle(n); err != nil {
			return fmt.Errorf("near-duplicate %d: %w", id, err)
		}
	}
	a.Cluster = n.Cluster
	return nil
}

// indexSignature stores article id's signature and its band entries.
func (b buckets) indexSignature(id uint64, sig *minhash.Signature) error {
	if sig == nil {
		return nil
	}
	if err := b.sigs.Put(idKey(id), sig.Bytes()); err != nil {
		return fmt.Errorf("store minhash of article %d: %w", id, err)
	}
	for i := range minhash.Bands {
		if err := b.lsh.Put(append(sig.Band(i), idKey(id)...), nil); err != nil {
			return fmt.Errorf("index minhash of article %d: %w", id, err)
		}
	}
	return nil
}

// unindexSignature deletes article id's signature and band entries.
func (b buckets) unindexSignature(id uint64) error {
	sig, ok := minhash.Parse(b.sigs.Get(idKey(id)))
	if !ok {
		return nil
	}
	for i := range minhash.Bands {
		if err := b.lsh.Delete(append(sig.Band(i), idKey(id)...)); err != nil {
			return fmt.Errorf("unindex minhash of article %d: %w", id, err)
		}
	}
	if err := b.sigs.Delete(idKey(id)); err != nil {
		return fmt.Errorf("drop minhash of article %d: %w", id, err)
	}
	return nil
}

// signatureOf is the MinHash of text, nil when it has no words.
func signatureOf(text string) *minhash.Signature {
	if sig, ok := minhash.Of(text); ok {
		return &sig
	}
	return nil
}
