package store

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// warcArchive stores three articles with captures, the second served
// gzip-encoded with a wire length, and one without a capture, all in feed
// "world"; it returns the captures by article id.
func warcArchive(t *testing.T) (*DB, map[uint64]*Capture) {
	t.Helper()
	db, _ := openTemp(t)
	caps := map[uint64]*Capture{}
	for i := 1; i <= 3; i++ {
		a := testArticle(i)
		a.Capture = testCapture(i)
		a.Capture.Fetched = a.Capture.Fetched.Add(time.Duration(i) * time.Minute)
		if i == 2 {
			a.Capture.Header.Set("Content-Encoding", "gzip")
			a.Capture.Header.Set("Content-Length", "12")
		}
		c := *a.Capture
		id, _ := mustSave(t, db, a, "world", "")
		caps[id] = &c
	}
	mustSave(t, db, testArticle(4), "world", "")
	return db, caps
}

func TestExportWARCRoundTrips(t *testing.T) {
	for _, tc := range []struct {
		name string
		gz   bool
	}{
		{"plain-warc", false},
		{"gzip-member-per-record", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, caps := warcArchive(t)
			var buf bytes.Buffer
			st, err := db.ExportWARC(&buf, ExportFilter{}, WARCOptions{Filename: "x.warc", Gzip: tc.gz, Software: "depeche test"})
			if err != nil {
				t.Fatalf("ExportWARC: %v", err)
			}
			if st != (WARCStats{Articles: 3, Skipped: 1}) {
				t.Errorf("stats = %+v, want 3 articles and 1 skipped", st)
			}
			if tc.gz {
				if n := gzipMembers(t, buf.Bytes()); n != 7 {
					t.Errorf("%d gzip members, want 7: one per record", n)
				}
			}
			recs, err := readWARC(bytes.NewReader(buf.Bytes()), tc.gz)
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			checkWARC(t, recs, caps)
		})
	}
}

// checkWARC checks a warcinfo record, then a request and a response per
// capture, linked to each other, holding the capture as it was.
func checkWARC(t *testing.T, recs []warcRecord, caps map[uint64]*Capture) {
	t.Helper()
	if len(recs) != 1+2*len(caps) {
		t.Fatalf("%d records, want %d", len(recs), 1+2*len(caps))
	}
	info := recs[0]
	if info.header.get("WARC-Type") != "warcinfo" || info.header.get("WARC-Filename") != "x.warc" ||
		!strings.Contains(string(info.block), "software: depeche test") {
		t.Errorf("first record = %v %q, want the warcinfo", info.header, info.block)
	}
	for i := 1; i < len(recs); i += 2 {
		req, resp := recs[i], recs[i+1]
		id, err := strconv.ParseUint(resp.header.get(headerWARCArticleID), 10, 64)
		c := caps[id]
		if err != nil || c == nil || req.header.get(headerWARCArticleID) != resp.header.get(headerWARCArticleID) {
			t.Fatalf("records %d and %d name articles %q and %q", i, i+1, req.header.get(headerWARCArticleID), resp.header.get(headerWARCArticleID))
		}
		checkRequest(t, req, resp, c)
		checkResponse(t, resp, req, c)
	}
}

// checkRequest checks the request record of capture c.
func checkRequest(t *testing.T, req, resp warcRecord, c *Capture) {
	t.Helper()
	h := req.header
	if h.get("WARC-Type") != "request" || h.get("WARC-Target-URI") != c.URL || h.get("WARC-Concurrent-To") != resp.header.get("WARC-Record-ID") {
		t.Errorf("request header %v: want type request, target %s, concurrent to %s", h, c.URL, resp.header.get("WARC-Record-ID"))
	}
	head, _, err := httpPayload(req.block)
	if err != nil || !strings.HasPrefix(head, "GET /") || !strings.Contains(head, "User-Agent: depeche-test") {
		t.Errorf("request block %q (%v): want the GET with the headers sent", req.block, err)
	}
}

// checkResponse checks the response record of capture c: the payload is
// the body byte for byte, the digests are right, the wire headers gone.
func checkResponse(t *testing.T, resp, req warcRecord, c *Capture) {
	t.Helper()
	h := resp.header
	if h.get("WARC-Type") != "response" || h.get("WARC-Target-URI") != c.URL || h.get("WARC-Concurrent-To") != req.header.get("WARC-Record-ID") {
		t.Errorf("response header %v: want type response, target %s, concurrent to %s", h, c.URL, req.header.get("WARC-Record-ID"))
	}
	if date, err := time.Parse(time.RFC3339Nano, h.get("WARC-Date")); err != nil || !date.Equal(c.Fetched) {
		t.Errorf("WARC-Date %q, want the fetch time %v", h.get("WARC-Date"), c.Fetched)
	}
	head, payload, err := httpPayload(resp.block)
	if err != nil || !bytes.Equal(payload, c.Body) {
		t.Fatalf("payload of %s differs from the captured body (%v)", c.URL, err)
	}
	if got, want := h.get("WARC-Payload-Digest"), sha1Base32(c.Body); got != want {
		t.Errorf("WARC-Payload-Digest %s, want %s", got, want)
	}
	if got, want := h.get("WARC-Block-Digest"), sha1Base32(resp.block); got != want {
		t.Errorf("WARC-Block-Digest %s, want %s", got, want)
	}
	if !strings.HasPrefix(head, "HTTP/1.1 200 OK\r\n") || strings.Contains(head, "Content-Encoding") ||
		!strings.Contains(head, "Content-Length: "+strconv.Itoa(len(c.Body))) {
		t.Errorf("response head %q: want the status line, no Content-Encoding, the decoded length", head)
	}
}

// gzipMembers counts the gzip members of b.
func gzipMembers(t *testing.T, b []byte) int {
	t.Helper()
	br := bytes.NewReader(b)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		n++
		if err := zr.Reset(br); errors.Is(err, io.EOF) {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
	}
}

func TestExportWARCFilters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		filter  ExportFilter
		want    WARCStats
		wantErr error
	}{
		{"feed-selects-nothing", ExportFilter{Feed: "sport"}, WARCStats{}, nil},
		{"after-cursor-skips-the-first", ExportFilter{After: 1}, WARCStats{Articles: 2, Skipped: 1}, nil},
		{"revisions-of-unrevised-articles", ExportFilter{Revisions: true}, WARCStats{Articles: 3, Skipped: 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := warcArchive(t)
			var buf bytes.Buffer
			st, err := db.ExportWARC(&buf, tc.filter, WARCOptions{})
			if !errors.Is(err, tc.wantErr) || st != tc.want {
				t.Errorf("ExportWARC = %+v, %v; want %+v, %v", st, err, tc.want, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			recs, err := readWARC(&buf, false)
			if err != nil || len(recs) != 1+2*tc.want.Articles {
				t.Errorf("read back %d records (%v), want %d", len(recs), err, 1+2*tc.want.Articles)
			}
		})
	}
}

// With revisions, each page is written once, with the revision that first
// had it: a revision that brought a new page writes it; one that kept the
// page (a re-clean) is counted as shared.
func TestExportWARCRevisions(t *testing.T) {
	db, _ := openTemp(t)
	a := testArticle(1)
	a.Capture = testCapture(1)
	id, _ := mustSave(t, db, a, "world", "")
	revise := func(text string, page *Capture) {
		t.Helper()
		next := testArticle(1)
		next.Text, next.Capture = text, page
		if changed, err := db.Revise(id, next, "test"); err != nil || !changed {
			t.Fatalf("Revise = %v, %v", changed, err)
		}
	}
	second := testCapture(1)
	second.URL = "https://news.example/1/story-updated"
	revise("The updated text.", second) // revision 2: a new page
	revise("The re-cleaned text.", nil) // revision 3: the same page
	var buf bytes.Buffer
	st, err := db.ExportWARC(&buf, ExportFilter{Revisions: true}, WARCOptions{})
	if err != nil || st != (WARCStats{Articles: 2, Shared: 1}) {
		t.Fatalf("ExportWARC = %+v, %v; want 2 pages written and 1 shared", st, err)
	}
	recs, err := readWARC(&buf, false)
	if err != nil || len(recs) != 5 {
		t.Fatalf("read back %d records (%v), want warcinfo and two exchanges", len(recs), err)
	}
	for i, want := range []struct{ uri, rev string }{{testCapture(1).URL, "1"}, {second.URL, "2"}} {
		for _, r := range recs[1+2*i : 3+2*i] {
			if got := r.header.get("WARC-Target-URI"); got != want.uri || r.header.get(headerWARCRevision) != want.rev {
				t.Errorf("record %s of exchange %d: %s revision %s, want %s revision %s", r.header.get("WARC-Type"), i+1,
					got, r.header.get(headerWARCRevision), want.uri, want.rev)
			}
		}
	}
}
