package store

import (
	"net/http"
	"time"

	"github.com/depeche-archiver/depeche/store/captures"
)

// Capture is the raw HTTP exchange an article was cleaned from, kept so
// that the archive can be re-cleaned offline after rules change, checked,
// and exported as WARC.
type Capture struct {
	URL           string      // the final URL, after redirects
	Fetched       time.Time   // when the response arrived
	Status        int         // the HTTP status
	RequestHeader http.Header // the headers sent
	Header        http.Header // the response headers, Content-Encoding dropped: Body is decoded
	Body          []byte      // the page as received, in its own charset
}

// pack compresses c into its record of the captures file.
func (db *DB) pack(c *Capture) (captures.Packed, error) {
	head := captures.Head{URL: c.URL, Fetched: c.Fetched, Status: c.Status, RequestHeader: c.RequestHeader, Header: c.Header}
	return db.codec.Pack(&head, c.Body)
}

// unpack decompresses a stored capture and returns it with the hash of
// its uncompressed form, for checking.
func (db *DB) unpack(data []byte) (*Capture, string, error) {
	h, body, sum, err := db.codec.Unpack(data)
	if err != nil {
		return nil, "", err
	}
	c := &Capture{URL: h.URL, Fetched: h.Fetched, Status: h.Status, RequestHeader: h.RequestHeader, Header: h.Header, Body: body}
	return c, sum, nil
}
