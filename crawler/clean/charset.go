package clean

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

var utf8BOM = []byte("\xEF\xBB\xBF")

// checkHTML returns an ErrNotHTML error when the Content-Type header or
// the body's first bytes say the page is something else. The sniffer
// wins over the header: servers label PDFs and images text/html.
func checkHTML(contentType string, body []byte) error {
	sniffed := http.DetectContentType(body)
	if !textual(sniffed) && !strings.HasPrefix(sniffed, "application/octet-stream") {
		return fmt.Errorf("%w: body looks like %s", ErrNotHTML, sniffed)
	}
	if contentType == "" {
		return nil
	}
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil || textual(media) || media == "application/octet-stream" {
		return nil
	}
	return fmt.Errorf("%w: content type %s", ErrNotHTML, media)
}

// textual reports media types that may carry an HTML page.
func textual(media string) bool {
	return strings.HasPrefix(media, "text/") ||
		strings.HasPrefix(media, "application/xhtml+xml") ||
		strings.HasPrefix(media, "application/xml")
}

// decode returns body as valid UTF-8. The charset comes from, in order:
// a byte order mark, the Content-Type header, a <meta> declaration in the
// first 1024 bytes, else UTF-8 when the bytes are valid UTF-8, else
// windows-1252 (the WHATWG rules that charset.DetermineEncoding follows).
func decode(contentType string, body []byte) string {
	enc, _, _ := charset.DetermineEncoding(body, contentType)
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		out = body
	}
	out = bytes.TrimPrefix(out, utf8BOM)
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
	}
	return string(out)
}
