package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"go.etcd.io/bbolt"
)

// Revisit outcomes: what a revisit of an article's page found.
const (
	RevisitUnchanged = "unchanged" // the same article (or 304 Not Modified)
	RevisitChanged   = "changed"   // a new revision, or the page of an article from the feed found
	RevisitWithdrawn = "withdrawn" // gone (404, 410) or redirected away to a page that is no article
	RevisitFailed    = "failed"    // no answer that says either: network, 5xx, robots...
)

// Revisit is an archived article's place on the revisit schedule: when
// its page is next fetched again, and the validators of the page as last
// fetched, for a conditional request.
type Revisit struct {
	Article      uint64
	Done         int       // revisits made so far
	Due          time.Time // when the next is due
	ETag         string
	LastModified string
}

// RevisitStats counts revisits by outcome, and the articles on the
// schedule.
type RevisitStats struct {
	Unchanged int       `json:"unchanged"`
	Changed   int       `json:"changed"`
	Withdrawn int       `json:"withdrawn"`
	Failed    int       `json:"failed"`
	Scheduled int       `json:"scheduled"`     // articles with a revisit to come
	Next      time.Time `json:"next,omitzero"` // when the earliest is due
}

// revisitScheduled is the count key of the articles on the schedule.
const revisitScheduled = "scheduled"

// storedRevisit is the storage encoding of Revisit; the article id is
// the key.
type storedRevisit struct {
	Done         int       `json:"done,omitempty"`
	Due          time.Time `json:"due"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
}

// revisitOf is the first revisit of a new article: due at its
// RevisitAt, with the validators its capture's response carried.
func revisitOf(a *Article) *Revisit {
	if a.RevisitAt.IsZero() {
		return nil
	}
	r := &Revisit{Due: a.RevisitAt}
	if a.Capture != nil && a.Capture.Header != nil {
		r.ETag, r.LastModified = Validators(a.Capture.Header)
	}
	return r
}

// Validators are the ETag and Last-Modified of a response's header.
func Validators(h http.Header) (etag, lastModified string) {
	return h.Get("ETag"), h.Get("Last-Modified")
}

// DueRevisits returns up to n articles whose revisit is due at now,
// earliest first.
func (db *DB) DueRevisits(now time.Time, n int) ([]Revisit, error) {
	var out []Revisit
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		c := b.revisitDue.Cursor()
		for k, _ := c.First(); k != nil && len(out) < n; k, _ = c.Next() {
			due, id, err := parseRevisitDueKey(k)
			if err != nil {
				return err
			}
			if due.After(now) {
				break
			}
			r, err := b.revisit(id)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read due revisits: %w", err)
	}
	db.touched()
	return out, nil
}

// NextRevisit is when the earliest revisit is due; zero when none is.
func (db *DB) NextRevisit() (time.Time, error) {
	var next time.Time
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		var err error
		next, err = firstRevisitDue(tx.Bucket([]byte(bucketRevisitDue)))
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("read revisit schedule: %w", err)
	}
	return next, nil
}

// RevisitOutcome is what one revisit found, and when the next is due.
type RevisitOutcome struct {
	Revisit Revisit   // as DueRevisits gave it, with the page's validators now
	Outcome string    // RevisitUnchanged, RevisitChanged, RevisitWithdrawn or RevisitFailed
	Next    time.Time // the next revisit; zero takes the article off the schedule
}

// RevisitDone records a revisit of r's article that ended with outcome
// and moves the article to its next revisit, next, with the validators
// in r; a zero next takes it off the schedule.
func (db *DB) RevisitDone(r Revisit, outcome string, next time.Time) error {
	return db.RevisitsDone([]RevisitOutcome{{Revisit: r, Outcome: outcome, Next: next}})
}

// RevisitsDone records a batch of revisits in one transaction, as
// RevisitDone records one. An article no longer on the schedule fails the
// whole batch.
func (db *DB) RevisitsDone(done []RevisitOutcome) error {
	if len(done) == 0 {
		return nil
	}
	err := db.write(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		for _, d := range done {
			if err := b.revisitDone(d); err != nil {
				return fmt.Errorf("article %d: %w", d.Revisit.Article, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record revisits: %w", err)
	}
	db.touched()
	return nil
}

// revisitDone records one revisit in a write transaction.
func (b buckets) revisitDone(d RevisitOutcome) error {
	r := d.Revisit
	if err := b.unscheduleRevisit(r.Article); err != nil {
		return err
	}
	if err := b.countRevisit(d.Outcome, 1); err != nil {
		return err
	}
	if d.Next.IsZero() {
		return nil
	}
	r.Done, r.Due = r.Done+1, d.Next
	return b.scheduleRevisit(r)
}

// Revisits counts revisits by outcome and the articles on the schedule.
func (db *DB) Revisits() (RevisitStats, error) {
	var s RevisitStats
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		b := bucketsOf(tx)
		counts := map[string]*int{
			RevisitUnchanged: &s.Unchanged, RevisitChanged: &s.Changed, RevisitWithdrawn: &s.Withdrawn,
			RevisitFailed: &s.Failed, revisitScheduled: &s.Scheduled,
		}
		for name, n := range counts {
			*n = int(b.revisitCount(name))
		}
		var err error
		s.Next, err = firstRevisitDue(b.revisitDue)
		return err
	})
	if err != nil {
		return RevisitStats{}, fmt.Errorf("read revisit counts: %w", err)
	}
	return s, nil
}

// revisit reads article id's place on the schedule, or ErrNotFound.
func (b buckets) revisit(id uint64) (Revisit, error) {
	raw := b.revisits.Get(idKey(id))
	if raw == nil {
		return Revisit{}, fmt.Errorf("revisit of article %d: %w", id, ErrNotFound)
	}
	var s storedRevisit
	if err := json.Unmarshal(raw, &s); err != nil {
		return Revisit{}, fmt.Errorf("decode revisit of article %d: %w", id, err)
	}
	return Revisit{Article: id, Done: s.Done, Due: s.Due, ETag: s.ETag, LastModified: s.LastModified}, nil
}

// revisitFill is how full the schedule's pages are left when they split:
// article ids only grow and due times mostly do, so pages fill in order
// and bbolt's default of half full would leave the file twice its size.
const revisitFill = 0.9

// scheduleRevisit puts r's article on the schedule; it must not be on it.
func (b buckets) scheduleRevisit(r Revisit) error {
	b.revisits.FillPercent, b.revisitDue.FillPercent = revisitFill, revisitFill
	raw, err := json.Marshal(storedRevisit{Done: r.Done, Due: r.Due, ETag: r.ETag, LastModified: r.LastModified})
	if err != nil {
		return err
	}
	if err := b.revisits.Put(idKey(r.Article), raw); err != nil {
		return err
	}
	if err := b.revisitDue.Put(revisitDueKey(r.Due, r.Article), nil); err != nil {
		return err
	}
	return b.countRevisit(revisitScheduled, 1)
}

// unscheduleRevisit takes article id off the schedule, or returns
// ErrNotFound when it is not on it.
func (b buckets) unscheduleRevisit(id uint64) error {
	r, err := b.revisit(id)
	if err != nil {
		return err
	}
	if err := b.revisitDue.Delete(revisitDueKey(r.Due, id)); err != nil {
		return err
	}
	if err := b.revisits.Delete(idKey(id)); err != nil {
		return err
	}
	return b.countRevisit(revisitScheduled, -1)
}

// countRevisit adds n to the count called name.
func (b buckets) countRevisit(name string, n int) error {
	v := int64(b.revisitCount(name)) + int64(n)
	return b.revisitCounts.Put([]byte(name), binary.BigEndian.AppendUint64(nil, uint64(max(v, 0))))
}

func (b buckets) revisitCount(name string) uint64 {
	v := b.revisitCounts.Get([]byte(name))
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// revisitDueKey orders the schedule: due time (int64 Unix ns), then
// article id, both big-endian.
func revisitDueKey(due time.Time, id uint64) []byte {
	return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, uint64(due.UnixNano())), id)
}

func parseRevisitDueKey(k []byte) (time.Time, uint64, error) {
	if len(k) != 16 {
		return time.Time{}, 0, fmt.Errorf("revisit schedule key %x: not 16 bytes", k)
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k))), binary.BigEndian.Uint64(k[8:]), nil
}

// firstRevisitDue is the earliest due time of the schedule, zero when
// it is empty.
func firstRevisitDue(due *bbolt.Bucket) (time.Time, error) {
	k, _ := due.Cursor().First()
	if k == nil {
		return time.Time{}, nil
	}
	t, _, err := parseRevisitDueKey(k)
	return t, err
}
