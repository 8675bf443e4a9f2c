package clean

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// commentCounter matches the "Comment (N)" line that opens a comment
// section; the body ends before it on every site.
var commentCounter = regexp.MustCompile(`(?i)^(comments?|commentaires?|bình luận) ?\(\d+\)`)

// minRepeatLen is the length from which a line seen earlier in the body
// is a repeat (a caption printed twice) rather than a short refrain.
const minRepeatLen = 20

// lineFilter trims a body, given as normalised lines, to the article.
type lineFilter struct {
	cutAt    []string
	endAfter []*regexp.Regexp
	drop     []*regexp.Regexp
	// repeats drops a long line seen earlier in the body: on rule sites
	// that is a caption printed twice. Generic pages keep them: recipes,
	// tables and lists legitimately repeat a line.
	repeats bool
	// generic drops the lines of boilerplateLines too: no rule knows
	// the page.
	generic bool
}

// apply cuts the trailer, drops boilerplate lines, lines equal to one of
// known (the title, a lead) and repeated lines.
func (f lineFilter) apply(lines []string, known ...string) []string {
	lines = f.cut(lines)
	if f.generic && len(known) > 0 {
		lines = trimHead(lines, known[0])
	}
	out := lines[:0:0]
	seen := make(map[string]bool, len(lines))
	for _, l := range lines {
		if f.dropped(l) || isKnown(l, known) || f.repeated(l, seen, out) {
			continue
		}
		seen[l] = true
		out = append(out, l)
	}
	return out
}

// cut returns the lines before the first cut line and up to the first
// end line included; on generic pages, before a related-articles box
// too, and without the credit lines and menus at either end.
func (f lineFilter) cut(lines []string) []string {
	if f.generic {
		lines = trimMenus(trimCredits(cutRelated(lines)))
	}
	for i, l := range lines {
		if commentCounter.MatchString(l) || f.cutsAt(l) {
			return lines[:i]
		}
		if matchesAny(f.endAfter, l) {
			return lines[:i+1]
		}
	}
	return lines
}

func (f lineFilter) cutsAt(line string) bool {
	for _, p := range f.cutAt {
		if hasWordPrefix(line, p) {
			return true
		}
	}
	return false
}

func (f lineFilter) dropped(line string) bool {
	return matchesAny(f.drop, line) || f.generic && boilerplateLine(line)
}

// hasWordPrefix reports whether line starts with p and p is not followed
// by a letter or digit.
func hasWordPrefix(line, p string) bool {
	if !strings.HasPrefix(line, p) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(line[len(p):])
	last, _ := utf8.DecodeLastRuneInString(p)
	if !isWordRune(last) {
		return true
	}
	return next == utf8.RuneError || !isWordRune(next)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func isKnown(line string, known []string) bool {
	for _, k := range known {
		if k != "" && line == k {
			return true
		}
	}
	return false
}

// repeated reports a line printed twice: equal to the previous line, or,
// when f drops repeats, long and seen before.
func (f lineFilter) repeated(line string, seen map[string]bool, kept []string) bool {
	if len(kept) > 0 && kept[len(kept)-1] == line {
		return true
	}
	return f.repeats && seen[line] && utf8.RuneCountInString(line) >= minRepeatLen
}
