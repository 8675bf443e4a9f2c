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
// heading in
// their second half (by characters), which it drops with all that
// follows: the box and whatever the page printed after it. In the first
// half such a line is more likely a cross-reference inside the article.
// A heading followed at once by prose heads a box that the article runs
// around (go-trafilatura left the box's links out): only the heading
// goes.
func cutRelated(lines []string) []string {
	total, before := runes(lines), 0
	out := lines[:0:0]
	for i, l := range lines {
		n := utf8.RuneCountInString(l)
		if 2*before >= total && n <= maxRelatedHeadingLen && (relatedHeading.MatchString(l) || authorHeading.MatchString(l)) {
			if !proseFollows(lines[i+1:]) {
				return out
			}
		} else {
			out = append(out, l)
		}
		before += n
	}
	return out
}

// proseLookahead is how many lines after a related-articles heading may
// hold the prose that shows the article going on.
const proseLookahead = 2

// minProseRunes is the length from which a line ending a sentence is
// prose rather than a linked title.
const minProseRunes = 200

// proseFollows reports whether one of the first proseLookahead lines is
// prose: long and ending a sentence.
func proseFollows(lines []string) bool {
	for _, l := range lines[:min(len(lines), proseLookahead)] {
		if utf8.RuneCountInString(l) >= minProseRunes && endsSentence(l) {
			return true
		}
	}
	return false
}

// endsSentence reports whether l ends with a full stop, a question or
// exclamation mark, or one of them inside closing quotes or brackets.
func endsSentence(l string) bool {
	l = strings.TrimRight(l, `"'”’»)]`)
	return strings.HasSuffix(l, ".") || strings.HasSuffix(l, "!") || strings.HasSuffix(l, "?")
}
