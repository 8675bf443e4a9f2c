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
// a byte order mark, the Content-Type header, the first <meta>
// declaration of the head (see headMeta: not only in the first 1024
// bytes), else UTF-8 when the first 1024 bytes are valid UTF-8, else
// windows-1252 (the WHATWG rules that charset.DetermineEncoding follows).
// Then a mojibake check overrules a declaration or a guess that turns
// UTF-8 bytes into "Ã©" and "â€™": see [lyingCharset].
func decode(contentType string, body []byte) string {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain {
		if e, n := headMeta(body); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" {
		return validUTF8(bytes.TrimPrefix(body, utf8BOM))
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil || lyingCharset(body, out) {
		out = body
	}
	return validUTF8(bytes.TrimPrefix(out, utf8BOM))
}

// validUTF8 returns b as a string, invalid bytes replaced by U+FFFD.
func validUTF8(b []byte) string {
	if !utf8.Valid(b) {
		b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return string(b)
}
