package clean

import (
	"regexp"
	"unicode/utf8"
)

// creditLine matches a line that credits the source or dates the story
// rather than telling it: "Source", "Source: Reuters", "Quelle: dpa",
// "Theo TTXVN" (Vietnamese "according to"), or a publication's name
// followed by a date ("Báo Tin tức 31/03/2025", "Thứ Hai, 31/03/2025
// 10:15"). Such lines sit just above or below the body; rule sites cut
// them with their own patterns, generic pages by this one.
var creditLine = regexp.MustCompile(`(?i)^(` +
	`(source|sources|nguồn|quelle|quellen|theo)( ?[:：] ?[^.!?]*| [^.!?,:]*)?|` +
	`[^.!?]*\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}( ?[-–|,]? ?\d{1,2}[:h]\d{2}( ?(am|pm|gmt\+?\d*))?)?` +
	`)$`)

// maxCreditLen is the longest line taken for a credit: a longer one is
// a sentence that happens to start with "Source" or "Theo".
const maxCreditLen = 50

// maxEdgeCredits is how many credit lines may stand at each end.
const maxEdgeCredits = 2

// trimCredits drops credit lines (see creditLine) at the start and the
// end of lines: in the middle such a line belongs to the article.
func trimCredits(lines []string) []string {
	for i := 0; i < maxEdgeCredits && len(lines) > 0 && isCredit(lines[0]); i++ {
		lines = lines[1:]
	}
	for i := 0; i < maxEdgeCredits && len(lines) > 0 && isCredit(lines[len(lines)-1]); i++ {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func isCredit(line string) bool {
	return utf8.RuneCountInString(line) <= maxCreditLen && creditLine.MatchString(line)
}
