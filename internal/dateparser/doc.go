// Package dateparser stands in for github.com/markusmobius/go-dateparser,
// through a replace directive in depeche's go.mod. It is depeche's own
// code, not a copy of that library.
//
// go-trafilatura imports go-htmldate, which imports go-dateparser, whose
// package initialisation builds the date tables of some 200 locales:
// about 0.25 s of CPU and 25-35 MB of heap that stay live, and that every
// garbage collection marks, in every depeche process, whether a page is
// ever cleaned or not. Go runs a package's initialisation as soon as the
// package is linked, so the tables cannot be loaded lazily. depeche asks
// go-htmldate for its fast search only (HtmlDateMode Fast), which never
// calls go-dateparser: only the extensive search does, as the last resort
// for a date no markup gives.
//
// This package gives go-htmldate what it uses of go-dateparser's API. Its
// Parser reads absolute dates in common numeric forms and with English
// month names; it knows no other language and no relative dates ("two
// days ago"). Go-trafilatura with fallback, as cmd/cleanbench runs it,
// does reach it: its dates may differ from the library's, its text does not.
package dateparser
