// Package logwait lets a test wait for a line of a child process's log:
// the line that says a thing happened, instead of a sleep.
package logwait

import (
	"bufio"
	"strings"
	"testing"
)

// For reads lines until one holds every part, and returns it; the test
// fails, listing what it read, when the log ends first.
func For(t testing.TB, lines *bufio.Scanner, parts ...string) string {
	t.Helper()
	var seen []string
	for lines.Scan() {
		line := lines.Text()
		seen = append(seen, line)
		if ContainsAll(line, parts) {
			return line
		}
	}
	t.Fatalf("log ended without a line with %q:\n%s", parts, strings.Join(seen, "\n"))
	return ""
}

// ContainsAll reports whether s holds every one of parts.
func ContainsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
