package dateparser

import (
	"errors"
	"strings"
	"time"
)

// ParserType names a way of reading a date. Parser tries only the
// absolute forms (CustomFormat and AbsoluteTime); the others are accepted
// and read nothing.
type ParserType uint8

// The parser types of go-dateparser's API.
const (
	Timestamp ParserType = iota
	RelativeTime
	CustomFormat
	AbsoluteTime
	NoSpacesTime
)

// PreferredDateSource says how an incomplete date is completed. Parser
// reads complete dates only, so it makes no difference.
type PreferredDateSource uint8

// The date sources of go-dateparser's API.
const (
	CurrentPeriod PreferredDateSource = iota
	Past
	Future
)

// Configuration holds the options of go-dateparser's API that its callers
// set. Parser reads the whole string as a date whatever StrictParsing says.
type Configuration struct {
	PreferredDateSource PreferredDateSource
	StrictParsing       bool
	// DefaultTimezone is the zone of a date that gives none; nil is UTC.
	DefaultTimezone *time.Location
}

// Date is a parsed date.
type Date struct {
	Time time.Time
}

// IsZero reports whether no date was read.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// ErrNoDate is the error of a string that is not a date Parser reads.
var ErrNoDate = errors.New("dateparser: not a date in a known form")

// Parser reads dates. The zero value is ready; it is safe for concurrent
// use.
type Parser struct {
	ParserTypes []ParserType
}

// layouts are the forms Parser reads, tried in order: numeric dates, day
// first when ambiguous (most of the world), then English month names.
var layouts = []string{
	time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"2006/01/02", "2006.01.02", "20060102",
	"02/01/2006", "02.01.2006", "02-01-2006", "2/1/2006", "2.1.2006",
	"02/01/2006 15:04", "02.01.2006 15:04",
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC,
	"January 2, 2006", "January 2 2006", "2 January 2006", "Jan 2, 2006", "Jan 2 2006", "2 Jan 2006",
	"Monday, January 2, 2006", "Monday, 2 January 2006", "Mon, 2 Jan 2006", "Mon, Jan 2, 2006",
	"January 2, 2006 15:04", "2 January 2006 15:04", "Jan 2, 2006 15:04", "2 Jan 2006 15:04",
	"January 2, 2006 3:04 PM", "Jan 2, 2006 3:04 PM", "January 2006", "Jan 2006",
}

// Parse reads s as a date in one of the forms of layouts, ignoring case,
// surrounding spaces, a trailing full stop and ordinal suffixes ("1st").
// formats, when given, are Go layouts tried first.
func (p *Parser) Parse(cfg *Configuration, s string, formats ...string) (Date, error) {
	s = normalize(s)
	loc := time.UTC
	if cfg != nil && cfg.DefaultTimezone != nil {
		loc = cfg.DefaultTimezone
	}
	for _, list := range [][]string{formats, layouts} {
		for _, layout := range list {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return Date{Time: t}, nil
			}
		}
	}
	return Date{}, ErrNoDate
}

// normalize trims s, folds its spaces and English month and day names to
// the case time.Parse wants, and drops ordinal suffixes.
func normalize(s string) string {
	fields := strings.Fields(strings.TrimSuffix(strings.TrimSpace(s), "."))
	for i, f := range fields {
		fields[i] = titleWord(dropOrdinal(f))
	}
	return strings.Join(fields, " ")
}

// titleWord writes a word of letters as time.Parse spells month and day
// names, "January"; "AM" and "PM" stay upper case.
func titleWord(f string) string {
	switch low := strings.ToLower(f); {
	case low == "am" || low == "pm":
		return strings.ToUpper(f)
	case isLetters(strings.TrimRight(low, ",.")):
		return strings.ToUpper(low[:1]) + low[1:]
	}
	return f
}

// dropOrdinal turns "1st", "2nd," or "23rd" into "1", "2," or "23".
func dropOrdinal(f string) string {
	core, comma := strings.CutSuffix(f, ",")
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(strings.ToLower(core), suf); ok && n != "" && isDigits(n) {
			core = core[:len(n)]
			break
		}
	}
	if comma {
		return core + ","
	}
	return core
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
