package store

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"
)

// TimeField names the time ExportFilter.Since and Until bound.
type TimeField int

const (
	// ByPublished bounds the published time, or the fetched time of an
	// article without a published date.
	ByPublished TimeField = iota
	// ByArchived bounds when the version was archived: the fetched time of
	// the first version, the revised time of later ones.
	ByArchived
)

// ExportFilter selects the articles Export writes. The zero value selects
// the current version of every article.
type ExportFilter struct {
	// Feed keeps only articles seen in the feed of that name; "" keeps all.
	Feed string
	// Since and Until bound the time By names: Since inclusive, Until
	// exclusive; a zero bound is open.
	Since, Until time.Time
	By           TimeField
	// After keeps only the versions archived or revised after that cursor
	// (the Record.Cursor of a line of an earlier export), in cursor order:
	// a consumer that passes the largest cursor it has seen gets every
	// change once. Zero exports in id order.
	After uint64
	// Revisions writes every version of each article, oldest first, instead
	// of the current one.
	Revisions bool
}

// match reports whether f selects a.
func (f ExportFilter) match(a *Article) bool {
	if f.Feed != "" && !slices.Contains(a.Feeds, f.Feed) {
		return false
	}
	t := f.time(a)
	if !f.Since.IsZero() && t.Before(f.Since) {
		return false
	}
	return f.Until.IsZero() || t.Before(f.Until)
}

// time is the time of a that f bounds.
func (f ExportFilter) time(a *Article) time.Time {
	switch {
	case f.By == ByArchived && !a.Revised.IsZero():
		return a.Revised
	case f.By == ByArchived, a.Published.IsZero():
		return a.Fetched
	}
	return a.Published
}

// exportBuffer is the size of Export's write buffer: a few records, so
// that a file or a pipe gets few large writes.
const exportBuffer = 64 << 10

// Export writes the Record of every article version f selects to w, one
// JSON object per line, and returns how many it wrote. It reads the archive
// a chunk at a time in short read transactions, so memory does not grow
// with the archive, and writes do not hold a transaction open.
func (db *DB) Export(w io.Writer, f ExportFilter) (n int, err error) {
	bw := bufio.NewWriterSize(w, exportBuffer)
	var line []byte // reused: one record's JSON at a time
	scan := versionScan{after: f.After, revisions: f.Revisions}
	err = scan.each(db, func(a *Article) error {
		if !f.match(a) {
			return nil
		}
		rec := newRecord(a)
		line = rec.appendJSON(line[:0])
		if _, err := bw.Write(line); err != nil {
			return fmt.Errorf("write article %d: %w", a.ID, err)
		}
		n++
		return nil
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}

// DecodeRecords reads an export, one Record per line, and calls fn with each
// record in order. Blank lines are skipped. It stops at the first error:
// a malformed line or a record of another schema yields an error naming the
// line; an error from fn is returned as it is.
func DecodeRecords(r io.Reader, fn func(Record) error) error {
	br := bufio.NewReader(r)
	for line := 1; ; line++ {
		raw, readErr := br.ReadBytes('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("decode records: line %d: %w", line, readErr)
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			rec, err := decodeRecord(raw)
			if err != nil {
				return fmt.Errorf("decode records: line %d: %w", line, err)
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if readErr != nil {
			return nil
		}
	}
}

// decodeRecord decodes one export line and checks its schema.
func decodeRecord(raw []byte) (Record, error) {
	var rec Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return Record{}, err
	}
	switch rec.Schema {
	case RecordSchema:
	case recordSchemaV1:
		rec.Source = SourcePage // every article of /1 came from its page
	default:
		return Record{}, fmt.Errorf("schema %q, want %q or %q", rec.Schema, RecordSchema, recordSchemaV1)
	}
	return rec, nil
}
