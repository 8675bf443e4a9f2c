package clean

import (
	"strings"
	"unicode"

	"github.com/RadhiFadlillah/whatlanggo"
)

// minDetectLen is the shortest text worth guessing a language from.
const minDetectLen = 40

// language returns the page's primary language tag: from <html lang>,
// else og:locale, else the JSON-LD inLanguage, else guessed from the text.
func language(m pageMeta, text string) string {
	for _, tag := range []string{m.lang, m.locale, m.ld.lang} {
		if p := primaryTag(tag); p != "" {
			return p
		}
	}
	return detectLanguage(text)
}

// primaryTag returns the lower-case primary subtag of a BCP 47 tag or a
// locale such as fr_FR, or "" when it is not two or three letters.
func primaryTag(tag string) string {
	p, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	p, _, _ = strings.Cut(p, "_")
	p = strings.ToLower(p)
	if len(p) < 2 || len(p) > 3 {
		return ""
	}
	for _, r := range p {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return ""
		}
	}
	return p
}

// detectLanguage guesses the language of text, or returns "" when unsure.
func detectLanguage(text string) string {
	if len(text) < minDetectLen {
		return ""
	}
	info := whatlanggo.Detect(text)
	if !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}
