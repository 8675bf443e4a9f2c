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
	Articles int // versions written, as one request and one response record each
	Skipped  int // selected versions without a stored capture
	Shared   int // with Revisions: versions whose page an earlier one in the export holds
}

// ExportWARC writes the captures of the articles f selects to w as WARC 1.1:
// a warcinfo record, then for each article a request and a response record
// holding the HTTP exchange as captured. Articles stored without a capture
// are skipped and counted. With f.Revisions it writes the page of every
// version instead, each page once: a version that kept the page of the
// one before it (a re-clean changes the text, not the page) is counted as
// shared. Like Export it reads the archive a chunk at a time, and it holds
// one capture in memory at a time.
func (db *DB) ExportWARC(w io.Writer, f ExportFilter, opts WARCOptions) (WARCStats, error) {
	var st WARCStats
	bw := bufio.NewWriter(w)
	ww := newWARCWriter(bw, opts.Gzip)
	err := ww.warcinfo(opts)
	var runs pageRuns
	if err == nil {
		err = versionScan{after: f.After, revisions: f.Revisions}.each(db, func(a *Article) error {
			switch {
			case !f.match(a):
				return nil
			case !f.Revisions:
				return db.exportCapture(ww, a, db.currentCapture, &st)
			case runs.repeat(a):
				st.Shared++
				return nil
			}
			return db.exportCapture(ww, a, db.versionCapture, &st)
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

// pageRuns finds, in versions that come oldest first article by article,
// those that kept the page of the version before them.
type pageRuns struct {
	article uint64 // of the last version seen
	hash    string // its CaptureHash
}

// repeat reports whether version a has the page of the version seen last.
func (p *pageRuns) repeat(a *Article) bool {
	same := a.ID == p.article && a.CaptureHash != "" && a.CaptureHash == p.hash
	p.article, p.hash = a.ID, a.CaptureHash
	return same
}

// currentCapture is the current page of a's article.
func (db *DB) currentCapture(a *Article) (*Capture, error) { return db.Capture(a.ID) }

// exportCapture writes the records of version a with the page read gives
// for it, or counts it as skipped when it has none.
func (db *DB) exportCapture(ww *warcWriter, a *Article, read func(*Article) (*Capture, error), st *WARCStats) error {
	c, err := read(a)
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
