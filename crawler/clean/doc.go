// Package clean turns one fetched HTML page into an article: title, lead,
// author, date, section, tags, images and a plain-text body.
//
// It is a pure leaf package: no I/O, no logging, and nothing of this module
// is imported, so that the crawler, the extract command and the benchmarks
// all call the same [Cleaner.Clean]. Pages of sites that have a [Rule] are
// cleaned with its CSS selectors and line filters; every other page goes
// through go-trafilatura's generic extraction, which is also the fallback
// when a rule's body selector matches nothing.
package clean

// Version identifies the cleaner's behaviour; it is recorded with each
// article so that stored pages can be re-cleaned when it changes.
const Version = "1.0.0"
