package store

import (
	"net/http"
	"time"
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
