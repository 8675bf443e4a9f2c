package clean

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// relatedHeading matches the heading that opens a box of links to other
// articles ("Related articles", "Weitere Artikel", "À lire aussi", "Tin
// liên quan"), on a line of its own. Pages print such boxes after the
// article; go-trafilatura often takes them in with it.
var relatedHeading = regexp.MustCompile(`(?i)^(` +
	// English
	`related( (articles?|posts?|stories|content|news|reading|topics))?|(read|see) (more|also|next)|also read|further reading|` +
	`more (stories|articles|news|posts|like this|on this topic|from .{1,40})|you (may|might) (also )?(like|enjoy|be interested in.*)|` +
	`recommended( (for you|articles|stories|reading))?|(most )?(popular|read|viewed)( (posts|articles|stories|now))?|trending( now)?|` +
	`latest (news|posts|articles|stories)|` +
	// German
	`weitere (artikel|beiträge|themen|news|nachrichten|meldungen)( .{1,40})?|(das|dies)( thema)? könnte (sie|dich) auch interessieren|` +
	`auch interessant|schon gelesen|(lesen sie|lies) auch( .{1,40})?|auch (lesen|auf .{1,30})|siehe auch|` +
	`mehr (zum thema( .{1,30})?|themen|aus .{1,30}|dazu|news|artikel|zu diesem thema)|meist ?gelesene?( artikel| beiträge)?|` +
	`empfohlene (beiträge|artikel)|zum weiterlesen|(ähnliche|verwandte|passende) (artikel|beiträge|themen)|passend dazu|lust auf mehr|` +
	// French
	`(à )?lire (aussi|également)|voir aussi|sur le même sujet|articles? (similaires|liés|connexes|recommandés)|les plus lus|` +
	`dans la même rubrique|vous aimerez aussi|à découvrir( aussi)?|` +
	// Vietnamese
	`tin liên quan|xem thêm|tin cùng chuyên mục|bài liên quan|đọc thêm|tin khác` +
	`)\s*[:.!?…]*$`)

// authorHeading matches the heading of the box about the author that
// pages print after the article, which ends it as a related box does.
var authorHeading = regexp.MustCompile(`(?i)^(about the (author|writer|reviewer|expert)s?|meet the (author|writer|expert)s?|(article|post) (written|reviewed|edited) by|author bio|über (den|die) autor(in)?|à propos de l.auteur)\s*:?$`)

// maxRelatedHeadingLen is the longest line taken for such a heading.
const maxRelatedHeadingLen = 80

// cutRelated returns lines up to the first related-articles or author
// heading in their second half (by characters), which it drops with all
// that follows: the box and whatever the page printed after it. In the
// first half such a line is more likely a cross-reference inside the
// article. A heading followed, after a few short lines at most, by prose
// heads a box that the article runs around: the heading and those short
// lines (the box's links) go, and the article goes on. A line printed
// more than once ("Read more" under each item of a list) is a button's
// label, not a heading.
func cutRelated(lines []string) []string {
	total, before := runes(lines), 0
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		n := utf8.RuneCountInString(l)
		if 2*before >= total && n <= maxRelatedHeadingLen && (relatedHeading.MatchString(l) || authorHeading.MatchString(l)) && !printedTwice(lines, l) {
			box := boxLen(lines[i+1:])
			if box < 0 {
				return out
			}
			for _, b := range lines[i : i+1+box] {
				before += utf8.RuneCountInString(b)
			}
			i += box
			continue
		}
		out = append(out, l)
		before += n
	}
	return out
}

// maxBoxLines is how many short lines may stand between a related
// heading and the prose that shows the article going on.
const maxBoxLines = 5

// minProseRunes is the length from which a line ending a sentence is
// prose rather than a linked title.
const minProseRunes = 200

// boxLen returns how many short lines open lines before a line of prose
// (long and ending a sentence), or -1 when no prose comes within
// maxBoxLines lines.
func boxLen(lines []string) int {
	for i, l := range lines[:min(len(lines), maxBoxLines+1)] {
		if utf8.RuneCountInString(l) >= minProseRunes {
			if endsSentence(l) {
				return i
			}
			return -1
		}
	}
	return -1
}

// endsSentence reports whether l ends with a full stop, a question or
// exclamation mark, or one of them inside closing quotes or brackets.
func endsSentence(l string) bool {
	l = strings.TrimRight(l, `"'”’»)]`)
	return strings.HasSuffix(l, ".") || strings.HasSuffix(l, "!") || strings.HasSuffix(l, "?")
}

// printedTwice reports whether l occurs more than once in lines.
func printedTwice(lines []string, l string) bool {
	n := 0
	for _, x := range lines {
		if x == l {
			n++
		}
	}
	return n > 1
}
