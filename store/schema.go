package store

import (
	"encoding/binary"
	"fmt"

	"go.etcd.io/bbolt"
)

// schemaVersion is the layout this build reads and writes; see the package
// documentation. Bump it, with a migration in initSchema, whenever a bucket
// or an encoding changes incompatibly.
const schemaVersion uint32 = 5

// Bucket names and meta keys.
const (
	bucketMeta     = "meta"
	bucketArticles = "articles"
	bucketURLs     = "index_url"
	bucketGUIDs    = "index_guid"
	bucketHashes   = "index_hash"
	bucketFeeds    = "feeds"
	bucketCaptures = "captures"
	bucketRevs     = "revisions"
	bucketCursors  = "index_cursor"
	bucketLSH      = "index_minhash"
	bucketSigs     = "minhash"
	bucketCapRefs  = "capture_refs"

	bucketItems      = "items"
	bucketItemDue    = "index_item_due"
	bucketItemCounts = "item_counts"

	bucketRevisits      = "revisits"
	bucketRevisitDue    = "index_revisit_due"
	bucketRevisitCounts = "revisit_counts"

	metaSchema = "schema"
	metaCount  = "articles"

	metaCapturesEnd = "captures_end"
)

// bucketNames lists every bucket of the current schema.
func bucketNames() []string {
	return []string{bucketMeta, bucketArticles, bucketURLs, bucketGUIDs, bucketHashes, bucketFeeds, bucketBackfill,
		bucketCaptures, bucketRevs, bucketCursors, bucketLSH, bucketSigs, bucketCapRefs,
		bucketItems, bucketItemDue, bucketItemCounts, bucketRevisits, bucketRevisitDue, bucketRevisitCounts}
}

// prepareSchema creates the buckets of a new archive, or checks those of an
// existing one when it cannot write.
func prepareSchema(b *bbolt.DB, readOnly bool) error {
	if readOnly {
		return b.View(checkSchema)
	}
	return b.Update(initSchema)
}

// initSchema refuses archives of another kind or a newer schema, then creates
// any missing bucket and records the schema version.
func initSchema(tx *bbolt.Tx) error {
	v, err := storedVersion(tx)
	if err != nil {
		return err
	}
	if v == 0 && !isEmpty(tx) {
		return fmt.Errorf("%w: the file holds other data", errNotArchive)
	}
	for _, name := range bucketNames() {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	if v == schemaVersion {
		return nil
	}
	if v == 1 {
		if err := migrateV1(bucketsOf(tx)); err != nil {
			return fmt.Errorf("upgrade schema 1 to %d: %w", schemaVersion, err)
		}
	}
	return tx.Bucket([]byte(bucketMeta)).Put([]byte(metaSchema), binary.BigEndian.AppendUint32(nil, schemaVersion))
}

// checkSchema verifies, without writing, that the archive has this build's
// schema and all of its buckets.
func checkSchema(tx *bbolt.Tx) error {
	v, err := storedVersion(tx)
	if err != nil {
		return err
	}
	if v == 0 {
		return fmt.Errorf("%w: no schema version", errNotArchive)
	}
	if v < schemaVersion {
		return fmt.Errorf("%w: its schema is version %d; open it once for writing (depeche run, backfill or check -repair) to upgrade it to %d", errOldSchema, v, schemaVersion)
	}
	for _, name := range bucketNames() {
		if tx.Bucket([]byte(name)) == nil {
			return fmt.Errorf("%w: bucket %s is missing", errNotArchive, name)
		}
	}
	return nil
}

// storedVersion returns the archive's schema version, 0 when it has none, and
// an error when it is newer than this build.
func storedVersion(tx *bbolt.Tx) (uint32, error) {
	meta := tx.Bucket([]byte(bucketMeta))
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get([]byte(metaSchema))
	if raw == nil {
		return 0, nil
	}
	if len(raw) != 4 {
		return 0, fmt.Errorf("%w: schema version is %d bytes long", errNotArchive, len(raw))
	}
	v := binary.BigEndian.Uint32(raw)
	if v > schemaVersion {
		return v, fmt.Errorf("%w: its schema is version %d, this build reads up to %d; upgrade depeche", errNewerSchema, v, schemaVersion)
	}
	return v, nil
}

// isEmpty reports whether the file has no bucket at all, as a new file has.
func isEmpty(tx *bbolt.Tx) bool {
	k, _ := tx.Cursor().First()
	return k == nil
}
