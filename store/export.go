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

// ExportFilter selects the articles Export writes. The zero value selects
// every article.
type ExportFilter struct {
	// Feed keeps only articles seen in the feed of that name; "" keeps all.
	Feed string
	// Since and Until bound the article's published time, or its fetched
	// time when it has no published date: Since inclusive, Until exclusive;
	// a zero bound is open.
	Since, Until time.Time
}

// match reports whether f selects a.
func (f ExportFilter) match(a *Article) bool {
	if f.Feed != "" && !slices.Contains(a.Feeds, f.Feed) {
		return false
	}
	t := a.Published
	if t.IsZero() {
		t = a.Fetched
	}
	if !f.Since.IsZero() && t.Before(f.Since) {
		return false
	}
	return f.Until.IsZero() || t.Before(f.Until)
}

// Export writes the Record of every article f selects to w, one JSON object
// per line in id order, and returns how many it wrote. It reads the archive
// through Each, so memory does not grow with the archive, and writes do not
// hold a transaction open.
func (db *DB) Export(w io.Writer, f ExportFilter) (n int, err error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err = db.Each(func(a *Article) error {
		if !f.match(a) {
			return nil
		}
		if err := enc.Encode(NewRecord(a)); err != nil {
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
	if rec.Schema != RecordSchema {
		return Record{}, fmt.Errorf("schema %q, want %q", rec.Schema, RecordSchema)
	}
	return rec, nil
}
