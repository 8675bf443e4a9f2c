package store

import "fmt"

// migrateV1 upgrades a schema 1 archive, whose buckets of schema 2 were just
// created empty: every article gets revision 1, an export cursor in id
// order and its MinHash signature, indexed. Ids are collected first, as bbolt cursors
// must not walk a bucket being written.
func migrateV1(b buckets) error {
	var ids []uint64
	err := b.articles.ForEach(func(k, _ []byte) error {
		id, err := keyID(k)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := b.upgradeArticle(id); err != nil {
			return fmt.Errorf("article %d: %w", id, err)
		}
	}
	return nil
}

// upgradeArticle gives a schema 1 article the fields schema 2 adds.
func (b buckets) upgradeArticle(id uint64) error {
	a, err := b.article(id)
	if err != nil {
		return err
	}
	sig := signatureOf(a.Text)
	if err := b.moveCursor(a); err != nil { // a neighbour's cluster may have given it one
		return err
	}
	if err := b.cluster(a, sig); err != nil {
		return err
	}
	if err := b.indexSignature(id, sig); err != nil {
		return err
	}
	return b.putArticle(a)
}
