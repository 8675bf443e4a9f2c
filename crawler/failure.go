package crawler

import (
	"errors"

	"github.com/depeche-archiver/depeche/crawler/fetch"
)

// The kinds of failure the crawler adds to those of a fetch.
const (
	KindParse   fetch.Kind = "parse"   // the feed could not be parsed
	KindContent fetch.Kind = "content" // the page is not HTML or has no text
	KindArchive fetch.Kind = "archive" // the archive could not be read or written (disk full, ...)
	KindNoLink  fetch.Kind = "no_link" // a feed item links to no page
)

// permanent reports whether a page failure will not pass by trying again:
// the page is gone, refused, not an article page, or not to be had at all.
// Network trouble, timeouts, server errors, rate limits and bot challenges
// pass.
func permanent(err error) bool {
	switch KindOf(err) {
	case fetch.KindNotFound, fetch.KindGone, fetch.KindBlocked, KindContent, fetch.KindTooLarge, fetch.KindStatus, KindNoLink, fetch.KindInvalidURL:
		return true
	}
	return false
}

// archiveError is a failed read or write of the archive while archiving
// an item. The item is retried at the next poll, since it is not marked
// as archived.
type archiveError struct{ err error }

func (e *archiveError) Error() string { return e.err.Error() }
func (e *archiveError) Unwrap() error { return e.err }

// KindOf returns the kind of a fetch or archive error, or "" for other
// errors.
func KindOf(err error) fetch.Kind {
	if k := fetch.KindOf(err); k != "" {
		return k
	}
	var ae *archiveError
	if errors.As(err, &ae) {
		return KindArchive
	}
	return ""
}
