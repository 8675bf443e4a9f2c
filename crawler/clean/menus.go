package clean

import (
	"strings"
	"unicode/utf8"
)

// maxMenuItemLen is the longest line taken for a menu item: a category
// or a link of one to three words.
const maxMenuItemLen = 30

// minMenuItems is the shortest run of such lines taken for a menu. Lists
// in an article rarely open or close it with so many bare words.
const minMenuItems = 8

// trimMenus drops a run of at least minMenuItems menu items (short lines
// with no closing punctuation) that opens or closes lines: a category or
// link list that go-trafilatura took in with the article. Runs in the
// middle are kept: they are the article's own lists and tables.
func trimMenus(lines []string) []string {
	start := 0
	for start < len(lines) && menuItem(lines[start]) {
		start++
	}
	if start >= minMenuItems && start < len(lines) {
		lines = lines[start:]
	}
	end := len(lines)
	for end > 0 && menuItem(lines[end-1]) {
		end--
	}
	if len(lines)-end >= minMenuItems && end > 0 {
		lines = lines[:end]
	}
	return lines
}

// menuItem reports a short line that does not end like a sentence or a
// heading introducing what follows.
func menuItem(line string) bool {
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > maxMenuItemLen {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(line)
	return !strings.ContainsRune(".!?:;,", last)
}
