package worddiff

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// dictionary gives each distinct word a rune of its own, so that go-diff,
// which compares runes, compares words. The runes are valid Unicode
// scalar values (go-diff turns runs of them into strings and back), which
// leaves room for more than a million distinct words.
type dictionary struct {
	runes map[string]rune
	words []string
}

// firstRune is the rune of the first word; surrogates are skipped.
const firstRune = rune(0x100)

func (d *dictionary) encode(words []string) []rune {
	if d.runes == nil {
		d.runes = make(map[string]rune)
	}
	out := make([]rune, len(words))
	for i, w := range words {
		r, ok := d.runes[w]
		if !ok {
			r = d.next()
			d.runes[w] = r
			d.words = append(d.words, w)
		}
		out[i] = r
	}
	return out
}

// next is the rune for the next new word.
func (d *dictionary) next() rune {
	r := firstRune + rune(len(d.words))
	if r >= 0xD800 { // past the surrogates, which no string can hold
		r += 0xE000 - 0xD800
	}
	if r > utf8.MaxRune {
		r = utf8.RuneError // too many distinct words: the rest compare as one
	}
	return r
}

// word is the word whose rune is r.
func (d *dictionary) word(r rune) string {
	i := r - firstRune
	if r >= 0xE000 {
		i -= 0xE000 - 0xD800
	}
	if i < 0 || int(i) >= len(d.words) {
		return ""
	}
	return d.words[i]
}

// decode maps go-diff's runs of runes back to runs of words, merging
// adjacent runs of one kind.
func (d *dictionary) decode(diffs []diffmatchpatch.Diff) []Op {
	var out []Op
	for _, df := range diffs {
		kind := kindOf(df.Type)
		var text []byte
		for _, r := range df.Text {
			text = append(text, d.word(r)...)
		}
		if len(text) == 0 {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Kind == kind {
			out[n-1].Text += string(text)
			continue
		}
		out = append(out, Op{Kind: kind, Text: string(text)})
	}
	return out
}

func kindOf(t diffmatchpatch.Operation) Kind {
	switch t {
	case diffmatchpatch.DiffDelete:
		return Delete
	case diffmatchpatch.DiffInsert:
		return Insert
	}
	return Equal
}
