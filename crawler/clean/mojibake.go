package clean

import (
	"unicode/utf8"
)

// lyingCharset reports a page whose bytes are UTF-8 although decoded is
// their decoding in the charset the page declared (or the windows-1252
// guess for a page that declares none and whose first kilobyte is
// ASCII). The bytes must be valid UTF-8 with at least one multibyte
// sequence, and decoded must show mojibake: a real windows-1252 or
// ISO-8859-1 text is almost never both.
func lyingCharset(body, decoded []byte) bool {
	return hasMultibyte(body) && utf8.Valid(body) && hasMojibake(decoded)
}

// hasMultibyte reports whether b has a byte outside ASCII.
func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// hasMojibake reports whether s holds a UTF-8 sequence read as
// windows-1252 or ISO-8859-1: a lead byte (Â to ô, 0xC2 to 0xF4) followed
// by a continuation byte (0x80 to 0xBF), as in "Ã©" for "é" or "â€™"
// for "’".
func hasMojibake(s []byte) bool {
	prevLead := false
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		if prevLead && isContinuation(r) {
			return true
		}
		prevLead = r >= 0xC2 && r <= 0xF4
	}
	return false
}

// cp1252High are the characters windows-1252 gives bytes 0x80 to 0x9F.
const cp1252High = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

// isContinuation reports whether r is what windows-1252 or ISO-8859-1
// makes of a byte from 0x80 to 0xBF.
func isContinuation(r rune) bool {
	if r >= 0x80 && r <= 0xBF {
		return true
	}
	for _, c := range cp1252High {
		if c == r {
			return true
		}
	}
	return false
}
