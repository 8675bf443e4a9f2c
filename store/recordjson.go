package store

import (
	"strconv"
	"unicode/utf8"
)

// appendJSON appends r as one line of JSON, byte for byte what a
// json.Encoder with SetEscapeHTML(false) writes for it: the same field
// order, the same omitempty fields left out, the same string escapes and
// the same final newline. Export calls it for every record, where the
// encoder's reflection and its scan of every string cost more than reading
// the archive; TestRecordAppendJSON checks it against the encoder, so a
// field added to Record must be added here too.
func (r *Record) appendJSON(b []byte) []byte {
	b = appendField(b, `{"schema":`, r.Schema)
	b = strconv.AppendUint(append(b, `,"id":`...), r.ID, 10)
	b = appendField(b, `,"url":`, r.URL)
	b = appendField(b, `,"canonical_url":`, r.CanonicalURL)
	b = appendStrings(append(b, `,"feeds":`...), r.Feeds)
	b = appendField(b, `,"guid":`, r.GUID)
	b = appendField(b, `,"title":`, r.Title)
	b = appendField(b, `,"lead":`, r.Lead)
	b = appendField(b, `,"author":`, r.Author)
	b = appendOptional(b, `,"published":`, r.Published)
	b = appendField(b, `,"fetched":`, r.Fetched)
	b = appendField(b, `,"language":`, r.Language)
	b = appendField(b, `,"section":`, r.Section)
	b = appendStrings(append(b, `,"tags":`...), r.Tags)
	b = appendImages(append(b, `,"images":`...), r.Images)
	b = appendField(b, `,"text":`, r.Text)
	b = appendField(b, `,"content_hash":`, r.ContentHash)
	b = strconv.AppendUint(append(b, `,"cursor":`...), r.Cursor, 10)
	b = strconv.AppendInt(append(b, `,"revision":`...), int64(r.Revision), 10)
	b = appendOptional(b, `,"revised":`, r.Revised)
	b = appendOptional(b, `,"revision_reason":`, r.RevisionReason)
	if len(r.Changed) > 0 {
		b = appendStrings(append(b, `,"changed":`...), r.Changed)
	}
	if r.Cluster != 0 {
		b = strconv.AppendUint(append(b, `,"cluster":`...), r.Cluster, 10)
	}
	b = appendField(b, `,"source":`, r.Source)
	if r.Page != nil {
		b = r.Page.appendJSON(append(b, `,"page":`...))
	}
	if len(r.Enclosures) > 0 {
		b = appendEnclosures(append(b, `,"enclosures":`...), r.Enclosures)
	}
	b = appendOptional(b, `,"withdrawn":`, r.Withdrawn)
	if r.WithdrawnStatus != 0 {
		b = strconv.AppendInt(append(b, `,"withdrawn_status":`...), int64(r.WithdrawnStatus), 10)
	}
	return append(b, '}', '\n')
}

// appendField appends the key prefix (comma, quoted name and colon) and the
// string s.
func appendField(b []byte, prefix, s string) []byte {
	return appendJSONString(append(b, prefix...), s)
}

// appendOptional is appendField for an omitempty field: nothing when s is
// empty.
func appendOptional(b []byte, prefix, s string) []byte {
	if s == "" {
		return b
	}
	return appendField(b, prefix, s)
}

// appendStrings appends ss as a JSON array; nil encodes as null, as
// encoding/json does, though newRecord never leaves one nil.
func appendStrings(b []byte, ss []string) []byte {
	return appendArray(b, ss, appendJSONString)
}

// appendImages appends images as a JSON array of objects, with the
// omitempty fields of Image left out when empty.
func appendImages(b []byte, images []Image) []byte {
	return appendArray(b, images, func(b []byte, im Image) []byte {
		b = appendField(b, `{"url":`, im.URL)
		b = appendOptional(b, `,"caption":`, im.Caption)
		b = appendOptional(b, `,"credit":`, im.Credit)
		return append(b, '}')
	})
}

// appendJSON appends p as a JSON object, omitempty fields left out.
func (p *RecordPage) appendJSON(b []byte) []byte {
	b = appendField(b, `{"status":`, p.Status)
	if p.HTTPStatus != 0 {
		b = strconv.AppendInt(append(b, `,"http_status":`...), int64(p.HTTPStatus), 10)
	}
	b = appendOptional(b, `,"reason":`, p.Reason)
	b = strconv.AppendInt(append(b, `,"tries":`...), int64(p.Tries), 10)
	b = appendOptional(b, `,"last_try":`, p.LastTry)
	return append(b, '}')
}

// appendEnclosures appends enclosures as a JSON array of objects, with the
// omitempty fields of Enclosure left out when empty.
func appendEnclosures(b []byte, enclosures []Enclosure) []byte {
	return appendArray(b, enclosures, func(b []byte, e Enclosure) []byte {
		b = appendField(b, `{"url":`, e.URL)
		b = appendOptional(b, `,"type":`, e.Type)
		if e.Length != 0 {
			b = strconv.AppendInt(append(b, `,"length":`...), e.Length, 10)
		}
		return append(b, '}')
	})
}

// appendArray appends xs as a JSON array of the elements appendElem
// writes; nil encodes as null, as encoding/json does.
func appendArray[T any](b []byte, xs []T, appendElem func([]byte, T) []byte) []byte {
	if xs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, x := range xs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendElem(b, x)
	}
	return append(b, ']')
}

// jsonPlain marks the ASCII bytes a JSON string holds as they are when
// HTML is not escaped: all but the control characters, '"' and '\\'.
var jsonPlain = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString appends s quoted as encoding/json quotes a string with
// HTML escaping off: '"', '\\' and control characters escaped (\b, \f, \n,
// \r and \t by name), U+2028 and U+2029 escaped, and each byte of invalid
// UTF-8 replaced by \ufffd.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for {
		n := plainPrefix(s)
		b = append(b, s[:n]...)
		if n == len(s) {
			return append(b, '"')
		}
		b, s = appendEscape(b, s[n:])
	}
}

// plainPrefix returns the length of the longest prefix of s that goes into
// a JSON string as it is. Two-byte UTF-8 sequences (accented Latin
// letters) are checked inline: utf8.DecodeRuneInString costs more.
func plainPrefix(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c < utf8.RuneSelf:
			if !jsonPlain[c] {
				return i
			}
			i++
		case c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && n == 1) || r == '\u2028' || r == '\u2029' {
				return i
			}
			i += n
		}
	}
	return i
}

// appendEscape appends the escape of the character s starts with, which
// plainPrefix stopped at, and returns the rest of s.
func appendEscape(b []byte, s string) ([]byte, string) {
	if c := s[0]; c < utf8.RuneSelf {
		return appendEscapedASCII(b, c), s[1:]
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		return append(b, `\ufffd`...), s[1:]
	}
	return append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF]), s[n:] // U+2028, U+2029
}

// hexDigits are the lower-case hexadecimal digits encoding/json writes.
const hexDigits = "0123456789abcdef"

// appendEscapedASCII appends the escape of c, an ASCII byte that is not
// jsonPlain.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}
