package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxHeadLineLen is the longest line taken for part of the head: the
// title, a stamp or a contents heading. The first longer line is prose,
// and the head ends there.
const maxHeadLineLen = 100

// stampWords are the words of a date, time or reading-time stamp, in the
// languages the archive meets most: month and day names, "updated",
// "min read", "Lesezeit", "mis à jour" and their kin. A line of these
// and numbers only is a stamp.
var stampWords = wordSet(`
	jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december
	mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday
	januar februar märz mai juni juli oktober dezember montag dienstag mittwoch donnerstag freitag samstag sonntag
	janvier février mars avril juin juillet août septembre octobre novembre décembre lundi mardi mercredi jeudi vendredi samedi dimanche
	updated update last published posted modified on at am pm the of by min mins minute minutes read reading time estimated ago
	hour hours day days week weeks gmt utc est edt pst pdt cet cest bst ist
	aktualisiert veröffentlicht stand um uhr lesezeit lesedauer
	mis à jour le publié lecture de il y a
`)

// wordSet returns the words of s as a set.
func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(s) {
		set[w] = true
	}
	return set
}

// bylineStart matches the start of a byline that names who wrote or
// checked the article: "Written by", "Medically reviewed by".
var bylineStart = regexp.MustCompile(`(?i)^(written|reviewed|edited|fact[- ]checked|medically reviewed) by\b`)

// contentsHeading matches the heading of a table of contents.
var contentsHeading = regexp.MustCompile(`(?i)^(table of contents?|contents|on this page|in this (article|post|guide)|jump to|inhaltsverzeichnis|inhalt|sommaire|dans cet article)\s*:?$`)

// trimHead drops, from the lines that open the body before its first
// prose line, those a reader skips: the title printed again (title is
// the page's), bylines, date and reading-time stamps ("Updated: March
// 3, 2024", "Jun 08, 2023 • 11 Minute Read"); and, anywhere, the heading of a
// table of contents.
// go-trafilatura keeps the article's header with its text; the labelled
// articles never include it.
func trimHead(lines []string, title string) []string {
	out := lines[:0:0]
	head := true
	for _, l := range lines {
		if head && utf8.RuneCountInString(l) > maxHeadLineLen {
			head = false
		}
		if contentsHeading.MatchString(l) || head && (isStamp(l) || bylineStart.MatchString(l) || sameTitle(l, title)) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// isStamp reports whether line holds only numbers and stampWords, with
// at least one number: a date, a time or a reading time.
func isStamp(line string) bool {
	digit := false
	for _, w := range strings.FieldsFunc(strings.ToLower(line), notWordRune) {
		switch {
		case isNumber(w):
			digit = true
		case !stampWords[w]:
			return false
		}
	}
	return digit
}

// isNumber reports whether w is a number or an ordinal ("3", "21st").
func isNumber(w string) bool {
	w = strings.TrimRight(w, "stndrdh")
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func notWordRune(r rune) bool { return !isWordRune(r) }

// sameTitle reports whether line is title, or one of its parts around a
// separator ("The headline | Site name"), as words, case aside.
func sameTitle(line, title string) bool {
	lw, tw := words(line), words(title)
	if len(lw) == 0 || len(lw) > len(tw) {
		return false
	}
	if len(lw) == len(tw) {
		return slicesEqual(lw, tw)
	}
	return len(lw) >= minTitlePartWords && (slicesEqual(lw, tw[:len(lw)]) || slicesEqual(lw, tw[len(tw)-len(lw):]))
}

// minTitlePartWords is the fewest words a part of the title must have to
// be taken for it: a one-word line that opens the title is a heading.
const minTitlePartWords = 3

// words returns the lower-cased words of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), notWordRune)
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
