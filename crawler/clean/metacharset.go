package clean

import (
	"bytes"
	"mime"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// headMeta returns the encoding that the first <meta> charset
// declaration of the page's head names, wherever it is, or nil. The
// WHATWG pre-scan reads only the first 1,024 bytes; a browser that meets
// a declaration later while parsing still switches to it. Pages served
// by web archives carry kilobytes of injected scripts before their own
// <meta>, so the pre-scan alone misses it. The search ends with the head.
func headMeta(body []byte) (encoding.Encoding, string) {
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return nil, ""
		case html.EndTagToken:
			if name, _ := z.TagName(); atom.Lookup(name) == atom.Head {
				return nil, ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return nil, ""
			case atom.Meta:
				if e, n := metaCharset(z, hasAttr); e != nil {
					return e, n
				}
			}
		}
	}
}

// metaCharset reads the charset a <meta> tag declares: charset="...", or
// http-equiv="Content-Type" with content="...; charset=...". A UTF-16
// label means UTF-8, as in the pre-scan: an ASCII-compatible tag cannot
// be UTF-16.
func metaCharset(z *html.Tokenizer, hasAttr bool) (encoding.Encoding, string) {
	var label, content string
	var httpEquiv bool
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		switch string(k) {
		case "charset":
			label = string(v)
		case "content":
			content = string(v)
		case "http-equiv":
			httpEquiv = strings.EqualFold(string(v), "content-type")
		}
	}
	if label == "" && httpEquiv {
		if _, params, err := mime.ParseMediaType(content); err == nil {
			label = params["charset"]
		}
	}
	if label == "" {
		return nil, ""
	}
	e, name := charset.Lookup(label)
	if strings.HasPrefix(name, "utf-16") {
		return encoding.Nop, "utf-8"
	}
	return e, name
}
