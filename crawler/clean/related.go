package clean

import (
	"regexp"
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

// maxRelatedHeadingLen is the longest line taken for such a heading.
const maxRelatedHeadingLen = 80

// cutRelated returns lines up to the first related-articles heading in
// their second half (by characters), which it drops with all that
// follows: the box and whatever the page printed after it. In the first
// half such a line is more likely a cross-reference inside the article.
func cutRelated(lines []string) []string {
	total := runes(lines)
	before := 0
	for i, l := range lines {
		if 2*before >= total && utf8.RuneCountInString(l) <= maxRelatedHeadingLen && relatedHeading.MatchString(l) {
			return lines[:i]
		}
		before += utf8.RuneCountInString(l)
	}
	return lines
}
