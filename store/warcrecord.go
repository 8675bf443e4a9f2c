package store

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/klauspost/compress/gzip"
	"github.com/nlnwa/gowarc/v3"
)

// headerWARCArticleID is the WARC header naming the article a request or
// response record belongs to, so that records and JSONL lines can be joined.
const headerWARCArticleID = "WARC-Depeche-Article-Id"

// headerWARCRevision is the WARC header giving the revision of the article
// the records hold the page of: the JSONL record's revision.
const headerWARCRevision = "WARC-Depeche-Revision"

// warcWriter marshals records through gowarc, each as its own gzip member
// when gz is set.
type warcWriter struct {
	w       io.Writer
	gz      *gzip.Writer // nil: uncompressed
	marshal gowarc.Marshaler
	opts    []gowarc.WarcRecordOption
}

// newWARCWriter returns a writer of records to w. Block and payload
// digests are sha1 in base32, the form wayback, pywb and warcio expect.
func newWARCWriter(w io.Writer, gz bool) *warcWriter {
	ww := &warcWriter{w: w, marshal: gowarc.NewMarshaler(), opts: []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
		gowarc.WithDefaultDigestEncoding(gowarc.Base32),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithStrictValidation(),
	}}
	if gz {
		ww.gz = gzip.NewWriter(nil)
	}
	return ww
}

// warcinfo writes the record that describes the file.
func (ww *warcWriter) warcinfo(opts WARCOptions) error {
	rb := ww.builder(gowarc.Warcinfo, newRecordID(), time.Now(), gowarc.ApplicationWarcFields)
	if opts.Filename != "" {
		rb.AddWarcHeader(gowarc.WarcFilename, opts.Filename)
	}
	block := "software: " + opts.Software + "\r\n" +
		"format: WARC File Format 1.1\r\n" +
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
	if _, err := rb.WriteString(block); err != nil {
		return fmt.Errorf("warcinfo: %w", errors.Join(err, rb.Close()))
	}
	return ww.write(rb)
}

// exchange writes the request and response records of article a's capture
// c, each pointing at the other with WARC-Concurrent-To.
func (ww *warcWriter) exchange(a *Article, c *Capture) error {
	date := c.Fetched
	if date.IsZero() {
		date = a.Fetched
	}
	reqID, respID := newRecordID(), newRecordID()
	req, err := ww.httpRecord(gowarc.Request, reqID, respID, date, a, c.URL, requestBlock(c))
	if err == nil {
		err = ww.write(req)
	}
	if err != nil {
		return fmt.Errorf("request record: %w", err)
	}
	resp, err := ww.httpRecord(gowarc.Response, respID, reqID, date, a, c.URL, responseBlock(c))
	if err == nil {
		err = ww.write(resp)
	}
	if err != nil {
		return fmt.Errorf("response record: %w", err)
	}
	return nil
}

// httpRecord starts a request or response record holding block.
func (ww *warcWriter) httpRecord(t gowarc.RecordType, id, concurrent string, date time.Time, a *Article, target string, block []byte) (gowarc.WarcRecordBuilder, error) {
	msg := "request"
	if t == gowarc.Response {
		msg = "response"
	}
	rb := ww.builder(t, id, date, "application/http; msgtype="+msg)
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	rb.AddWarcHeader(gowarc.WarcConcurrentTo, concurrent)
	rb.AddWarcHeader(headerWARCArticleID, strconv.FormatUint(a.ID, 10))
	rb.AddWarcHeader(headerWARCRevision, strconv.Itoa(a.Revision))
	if _, err := rb.Write(block); err != nil {
		return nil, errors.Join(err, rb.Close())
	}
	return rb, nil
}

// builder starts a record with the headers every record has.
func (ww *warcWriter) builder(t gowarc.RecordType, id string, date time.Time, contentType string) gowarc.WarcRecordBuilder {
	rb := gowarc.NewRecordBuilder(t, ww.opts...)
	rb.AddWarcHeader(gowarc.WarcRecordID, id)
	rb.AddWarcHeaderTime(gowarc.WarcDate, date)
	rb.AddWarcHeader(gowarc.ContentType, contentType)
	return rb
}

// write builds the record rb holds, adding its length and digests, and
// marshals it.
func (ww *warcWriter) write(rb gowarc.WarcRecordBuilder) error {
	rec, invalid, err := rb.Build()
	if err == nil && len(invalid) > 0 {
		err = errors.Join(invalid...)
		err = errors.Join(err, rec.Close())
	}
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	spellHeaders(rec.WarcHeader())
	err = ww.marshalRecord(rec)
	return errors.Join(err, rec.Close())
}

// spellHeaders writes headerWARCArticleID and headerWARCRevision as
// documented: gowarc canonicalises names it does not know, to
// "Warc-Depeche-Article-Id". Field names are case-insensitive, so this is
// for people reading the file.
func spellHeaders(h *gowarc.WarcFields) {
	for _, f := range *h {
		for _, name := range []string{headerWARCArticleID, headerWARCRevision} {
			if strings.EqualFold(f.Name, name) {
				f.Name = name
			}
		}
	}
}

// marshalRecord writes rec, compressed as one gzip member when asked.
func (ww *warcWriter) marshalRecord(rec gowarc.WarcRecord) error {
	if ww.gz == nil {
		_, _, err := ww.marshal.Marshal(ww.w, rec, 0)
		return err
	}
	ww.gz.Reset(ww.w)
	_, _, err := ww.marshal.Marshal(ww.gz, rec, 0)
	return errors.Join(err, ww.gz.Close())
}

// newRecordID returns a fresh WARC-Record-ID.
func newRecordID() string {
	return "<urn:uuid:" + uuid.NewString() + ">"
}
