// Package worddiff compares two versions of an article's text word by
// word: what a reader wants to see of a correction is the words that
// changed, not the paragraphs around them.
//
// Words are runs of non-space characters; the space between them is kept
// with the words, so that joining the Text of every operation of one side
// gives that side back with its white space normalised (runs of spaces
// become one space, runs holding a line break become a paragraph break).
//
// The comparison is Myers' algorithm from github.com/sergi/go-diff (the
// Go port of Google's diff-match-patch, used widely and kept), run on
// words instead of characters: each distinct word is given one rune, the
// runes are compared, and the result is mapped back to words.
package worddiff
