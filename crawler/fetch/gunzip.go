package fetch

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
)

// gunzipTransport decodes a gzip or x-gzip Content-Encoding that the
// transport under it left alone (Go's transport decodes only "gzip", and
// only when it asked for it itself), as a stream, so that every body cap
// above it (colly's MaxBodySize, the feed reader's) counts decoded bytes.
// It marks every response Uncompressed: colly would otherwise decode such
// a body itself after its cap and read a gzip bomb whole, and it would
// also gunzip bodies whose Content-Type merely says gzip, which are not
// pages.
type gunzipTransport struct{ next http.RoundTripper }

func (g gunzipTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := g.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if !resp.Uncompressed && isGzip(resp.Header.Get("Content-Encoding")) {
		resp.Body = &gunzipBody{raw: resp.Body}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	}
	resp.Uncompressed = true
	return resp, nil
}

// isGzip reports whether a Content-Encoding is gzip alone.
func isGzip(enc string) bool {
	enc = strings.ToLower(strings.TrimSpace(enc))
	return enc == "gzip" || enc == "x-gzip"
}

// gunzipBody decodes raw as it is read; the gzip header is read on the
// first Read, so a response that is never read costs nothing.
type gunzipBody struct {
	raw io.ReadCloser
	zr  *gzip.Reader
	err error // the error of opening the gzip stream
}

func (b *gunzipBody) Read(p []byte) (int, error) {
	if b.zr == nil && b.err == nil {
		b.zr, b.err = gzip.NewReader(b.raw)
	}
	if b.err != nil {
		return 0, b.err
	}
	return b.zr.Read(p)
}

func (b *gunzipBody) Close() error { return b.raw.Close() }
