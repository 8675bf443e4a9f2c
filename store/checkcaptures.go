package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/depeche-archiver/depeche/store/captures"
)

// checkCapturesFile sizes up the captures file (r.CapturesFile) from the references
// to it, and notes references that lie past its committed end. Nothing
// here can be repaired.
func (db *DB) checkCapturesFile(r *CheckReport, _ bool) error {
	var end, referenced int64
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		end = capturesEnd(bucketsOf(tx))
		return nil
	})
	if err != nil {
		return err
	}
	err = db.scan(bucketCapRefs, false, r, func(_ buckets, k, v []byte) []fix {
		ref, err := captures.ParseRef(v)
		switch {
		case err != nil:
			r.Problems = append(r.Problems, fmt.Sprintf("%s entry %x: %v", bucketCapRefs, k, err))
		case ref.End() > end:
			r.Problems = append(r.Problems, fmt.Sprintf("%s entry %x: the page ends at %d, past the committed end %d", bucketCapRefs, k, ref.End(), end))
		default:
			referenced += ref.End() - ref.Offset
		}
		return nil
	})
	if err != nil || end == 0 {
		return err // no page was ever written to the file
	}
	r.CapturesFile.Committed = end
	r.CapturesFile.Unreferenced = max(0, end-int64(len(captures.Magic))-referenced)
	if size, ok := db.captures.Size(); ok {
		r.CapturesFile.Uncommitted = max(0, size-end)
	}
	return nil
}
