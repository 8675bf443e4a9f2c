package store

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// hopHeaders describe the bytes on the wire rather than the body the
// capture holds: the client decoded and de-chunked it, so the WARC record
// drops them and states the length of the body it carries.
var hopHeaders = []string{"Content-Encoding", "Transfer-Encoding", "Content-Length"}

// requestBlock renders the HTTP request of capture c: a GET of its URL
// with the headers sent. A redirected fetch records the final request.
func requestBlock(c *Capture) []byte {
	target, host := "/", ""
	if u, err := url.Parse(c.URL); err == nil {
		target, host = u.RequestURI(), u.Host
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\n", target)
	h := c.RequestHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" && host != "" {
		h.Set("Host", host)
	}
	h.Write(&b) // a bytes.Buffer does not fail
	b.WriteString("\r\n")
	return b.Bytes()
}

// responseBlock renders the HTTP response of capture c: status line,
// headers and body as captured, with the length of the decoded body.
func responseBlock(c *Capture) []byte {
	var b bytes.Buffer
	b.Grow(len(c.Body) + 1024)
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", c.Status, http.StatusText(c.Status))
	h := c.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
	h.Set("Content-Length", strconv.Itoa(len(c.Body)))
	h.Write(&b)
	b.WriteString("\r\n")
	b.Write(c.Body)
	return b.Bytes()
}
