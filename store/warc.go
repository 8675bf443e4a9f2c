package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// WARCOptions configure ExportWARC.
type WARCOptions struct {
	// Filename is the WARC-Filename of the warcinfo record; empty omits it.
	Filename string
	// Gzip compresses each record as a gzip member of its own, the layout
	// of a .warc.gz that WARC tools can seek into record by record.
	Gzip bool
	// Software names the writer in the warcinfo record, e.g. "depeche v1.4".
	Software string
}

// WARCStats counts what ExportWARC wrote and skipped.
type WARCStats struct {
	Articles int // articles written, as one request and one response record each
	Skipped  int // selected articles without a stored capture
}

// ErrWARCRevisions is returned by ExportWARC for a filter asking for every
// revision: the archive keeps one capture per article, not one per version.
var ErrWARCRevisions = errors.New("a WARC export holds one capture per article: it cannot write every revision")

// ExportWARC writes the captures of the articles f selects to w as WARC 1.1:
// a warcinfo record, then for each article a request and a response record
// holding the HTTP exchange as captured. Articles stored without a capture
// are skipped and counted. Like Export it reads the archive a chunk at a
// time, and it holds one capture in memory at a time.
func (db *DB) ExportWARC(w io.Writer, f ExportFilter, opts WARCOptions) (WARCStats, error) {
	var st WARCStats
	if f.Revisions {
		return st, fmt.Errorf("export warc: %w", ErrWARCRevisions)
	}
	bw := bufio.NewWriter(w)
	ww := newWARCWriter(bw, opts.Gzip)
	err := ww.warcinfo(opts)
	if err == nil {
		err = versionScan{after: f.After}.each(db, func(a *Article) error {
			if !f.match(a) {
				return nil
			}
			return db.exportCapture(ww, a, &st)
		})
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return st, fmt.Errorf("export warc: %w", err)
	}
	return st, nil
}

// exportCapture writes the records of article a, or counts it as skipped
// when it has no capture.
func (db *DB) exportCapture(ww *warcWriter, a *Article, st *WARCStats) error {
	c, err := db.Capture(a.ID)
	if errors.Is(err, ErrNotFound) {
		st.Skipped++
		return nil
	}
	if err != nil {
		return err
	}
	if err := ww.exchange(a, c); err != nil {
		return fmt.Errorf("article %d: %w", a.ID, err)
	}
	st.Articles++
	return nil
}
