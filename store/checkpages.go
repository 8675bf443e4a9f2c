package store

import (
	"fmt"

	"go.etcd.io/bbolt"
)

// checkPagesFile sizes up the captures file (r.Pages) from the references
// to it, and notes references that lie past its committed end. Nothing
// here can be repaired.
func (db *DB) checkPagesFile(r *CheckReport, _ bool) error {
	var end, referenced int64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		end = capturesEnd(bucketsOf(tx))
		return nil
	})
	if err != nil {
		return err
	}
	err = db.scan(bucketCapRefs, false, r, func(_ buckets, k, v []byte) []fix {
		ref, err := decodeCaptureRef(v)
		switch {
		case err != nil:
			r.Problems = append(r.Problems, fmt.Sprintf("%s entry %x: %v", bucketCapRefs, k, err))
		case ref.end() > end:
			r.Problems = append(r.Problems, fmt.Sprintf("%s entry %x: the page ends at %d, past the committed end %d", bucketCapRefs, k, ref.end(), end))
		default:
			referenced += ref.end() - ref.offset
		}
		return nil
	})
	if err != nil || end == 0 {
		return err // no page was ever written to the file
	}
	r.Pages.Committed = end
	r.Pages.Unreferenced = max(0, end-int64(len(captureMagic))-referenced)
	if size, ok := db.captures.size(); ok {
		r.Pages.Uncommitted = max(0, size-end)
	}
	return nil
}
