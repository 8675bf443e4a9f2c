package jsonscan

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Scanner reads one JSON value, token by token, for the readers of a
// Decode's fields. Each method reads a value of one kind into its
// destination and reports whether it could; after a false the Scanner is
// of no further use.
type Scanner struct {
	buf []byte
	pos int
}

// skipSpace moves past JSON white space.
func (s *Scanner) skipSpace() {
	for s.pos < len(s.buf) {
		switch s.buf[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

// consume moves past c, after white space, and reports whether it was
// there.
func (s *Scanner) consume(c byte) bool {
	s.skipSpace()
	if s.pos < len(s.buf) && s.buf[s.pos] == c {
		s.pos++
		return true
	}
	return false
}

// atEnd reports whether only white space is left.
func (s *Scanner) atEnd() bool {
	s.skipSpace()
	return s.pos == len(s.buf)
}

// Null moves past a null literal and reports whether there was one. A
// null leaves a string, a number or a time as it was and makes a slice
// nil, as in json.Unmarshal.
func (s *Scanner) Null() bool {
	s.skipSpace()
	if bytes.HasPrefix(s.buf[s.pos:], []byte("null")) {
		s.pos += len("null")
		return true
	}
	return false
}

// Byte classes of the body of a JSON string, for rawString.
const (
	plainByte   = iota // ASCII that stands for itself
	quoteByte          // the closing quote
	escapeByte         // a backslash
	controlByte        // not allowed unescaped
	lead2Byte          // the first of a two-byte UTF-8 sequence
	highByte           // any other byte from 0x80 on
)

// stringClass is the class of every byte value.
var stringClass = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c < ' ':
			t[c] = controlByte
		case c == '"':
			t[c] = quoteByte
		case c == '\\':
			t[c] = escapeByte
		case c >= 0xC2 && c < 0xE0:
			t[c] = lead2Byte
		case c >= utf8.RuneSelf:
			t[c] = highByte
		}
	}
	return t
}()

// rawString reads a string token of valid UTF-8 and returns what lies
// between its quotes, escapes left as they are, and whether it holds any
// escape. It checks UTF-8 as it goes, two-byte sequences (accented Latin
// letters) inline, as a separate utf8.Valid pass costs as much again.
func (s *Scanner) rawString() (body []byte, escaped, ok bool) {
	if !s.consume('"') {
		return nil, false, false
	}
	b, start := s.buf, s.pos
	for i := start; i < len(b); {
		switch stringClass[b[i]] {
		case plainByte:
			i++
		case lead2Byte:
			if i+1 == len(b) || b[i+1]&0xC0 != 0x80 {
				return nil, false, false
			}
			i += 2
		case highByte:
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, false, false
			}
			i += n
		case escapeByte:
			escaped = true
			i += 2 // the escaped byte, which may be a quote, is unescape's to check
		case quoteByte:
			s.pos = i + 1
			return b[start:i], escaped, true
		default:
			return nil, false, false
		}
	}
	return nil, false, false
}

// Str reads a string into *p. The result is a copy: it outlives buf.
func (s *Scanner) Str(p *string) bool {
	if s.Null() {
		return true
	}
	body, escaped, ok := s.rawString()
	if !ok {
		return false
	}
	if !escaped {
		*p = string(body)
		return true
	}
	*p, ok = unescape(body)
	return ok
}

// unescape decodes the escapes of body, which holds at least one.
func unescape(body []byte) (string, bool) {
	var b strings.Builder
	b.Grow(len(body))
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\\')
		if i < 0 {
			b.Write(body)
			break
		}
		b.Write(body[:i])
		n, ok := writeEscape(&b, body[i:])
		if !ok {
			return "", false
		}
		body = body[i+n:]
	}
	return b.String(), true
}

// writeEscape writes what the escape at the start of esc stands for and
// returns its length. It refuses the escapes of surrogates, which
// json.Unmarshal pairs or replaces, and those JSON does not have.
func writeEscape(b *strings.Builder, esc []byte) (int, bool) {
	if len(esc) < 2 {
		return 0, false
	}
	if c := simpleEscapes[esc[1]]; c != 0 {
		b.WriteByte(c)
		return 2, true
	}
	if esc[1] != 'u' || len(esc) < 6 {
		return 0, false
	}
	r, err := strconv.ParseUint(string(esc[2:6]), 16, 32)
	if err != nil || (r >= 0xD800 && r < 0xE000) {
		return 0, false
	}
	b.WriteRune(rune(r))
	return 6, true
}

// simpleEscapes maps the letter of a two-byte escape to its byte.
var simpleEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// Time reads a time as json.Unmarshal does: by the UnmarshalJSON of
// time.Time, given the token as it is.
func (s *Scanner) Time(p *time.Time) bool {
	if s.Null() {
		return true
	}
	start := s.pos
	if _, _, ok := s.rawString(); !ok {
		return false
	}
	return p.UnmarshalJSON(s.buf[start:s.pos]) == nil
}

// digits reads a JSON integer (no fraction, no exponent) and returns it as
// text; minus allows a sign.
func (s *Scanner) digits(minus bool) (string, bool) {
	s.skipSpace()
	start := s.pos
	if minus && s.pos < len(s.buf) && s.buf[s.pos] == '-' {
		s.pos++
	}
	first := s.pos
	for s.pos < len(s.buf) && s.buf[s.pos] >= '0' && s.buf[s.pos] <= '9' {
		s.pos++
	}
	n := s.pos - first
	if n == 0 || (n > 1 && s.buf[first] == '0') {
		return "", false
	}
	if s.pos < len(s.buf) && strings.IndexByte(".eE", s.buf[s.pos]) >= 0 {
		return "", false
	}
	return string(s.buf[start:s.pos]), true
}

// Uint reads an unsigned integer into *p.
func (s *Scanner) Uint(p *uint64) bool {
	if s.Null() {
		return true
	}
	text, ok := s.digits(false)
	if !ok {
		return false
	}
	n, err := strconv.ParseUint(text, 10, 64)
	*p = n
	return err == nil
}

// Int reads an integer into *p.
func (s *Scanner) Int(p *int) bool {
	if s.Null() {
		return true
	}
	text, ok := s.digits(true)
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(text, 10, strconv.IntSize)
	*p = int(n)
	return err == nil
}

// Array reads a JSON array, calling elem for each element. An empty
// array calls nothing.
func (s *Scanner) Array(elem func() bool) bool {
	if !s.consume('[') {
		return false
	}
	if s.consume(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if s.consume(']') {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

// Object reads a JSON object, calling field with each key, unescaped keys
// only, to read the value.
func (s *Scanner) Object(field func(key []byte) bool) bool {
	if !s.consume('{') {
		return false
	}
	if s.consume('}') {
		return true
	}
	for {
		key, escaped, ok := s.rawString()
		if !ok || escaped || !s.consume(':') || !field(key) {
			return false
		}
		if s.consume('}') {
			return true
		}
		if !s.consume(',') {
			return false
		}
	}
}

// Strings reads an array of strings into *p; an empty array is an empty,
// non-nil slice, as json.Unmarshal makes it.
func (s *Scanner) Strings(p *[]string) bool {
	if s.Null() {
		*p = nil
		return true
	}
	out := []string{}
	ok := s.Array(func() bool {
		var v string
		ok := s.Str(&v)
		out = append(out, v)
		return ok
	})
	*p = out
	return ok
}
