package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeLine returns s as one clean line: valid UTF-8, NFC, without
// format characters (soft hyphens, zero-width spaces and joiners, bidi
// marks, BOMs), every run of Unicode spaces or control characters turned
// into one ASCII space, trimmed. Typographic characters (« » ’) stay.
func normalizeLine(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.Map(mapRune, s)
	s = norm.NFC.String(s)
	return strings.Join(strings.Fields(s), " ")
}

// mapRune drops format characters and turns every kind of space or
// control character into an ASCII space.
func mapRune(r rune) rune {
	switch {
	case unicode.Is(unicode.Cf, r):
		return -1
	case unicode.IsSpace(r), unicode.Is(unicode.Zs, r), unicode.IsControl(r):
		return ' '
	}
	return r
}

// normalizeLines normalises each line and drops the empty ones.
func normalizeLines(lines []string) []string {
	out := lines[:0:0]
	for _, l := range lines {
		if l = normalizeLine(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// splitText splits plain text at newlines into normalised, non-empty lines.
func splitText(s string) []string {
	return normalizeLines(strings.Split(s, "\n"))
}

// joinParagraphs makes the body text: one paragraph per line, separated
// by one blank line.
func joinParagraphs(lines []string) string {
	return strings.Join(lines, "\n\n")
}
