// Package clean turns one fetched HTML page into an article: title, lead,
// author, date, section, tags, images and a plain-text body.
//
// It is a pure leaf package: no I/O, no logging, and nothing of this module
// is imported, so that the crawler, the extract command and the benchmarks
// all call the same [Cleaner.Clean]. Pages of sites that have a [Rule] are
// cleaned with its CSS selectors and line filters; every other page goes
// through go-trafilatura's generic extraction, which is also the fallback
// when a rule's body selector matches nothing.
//
// Generic extraction adds general rules to go-trafilatura's choice of the
// article: a short, unsure reading gives way to go-readability's when it
// finds several times the text, or twice the text holding nearly all of
// its words (fallback.go); an
// article body that the page split into sibling chunks is stitched back
// (chunks.go); the body ends before a related-articles heading that no
// prose follows (related.go), loses the credit lines (credit.go) and
// menus (menus.go) at its ends, and the title printed again, bylines,
// stamps and a contents heading at its head (head.go); lines that are
// boilerplate on any site are dropped (boilerplate.go); figures become images with captions and
// credits rather than text (figures.go). Metadata comes from meta tags,
// JSON-LD and <time>; the charset from the WHATWG rules, with a <meta>
// met after the first kilobyte still counting (metacharset.go), overruled
// when they turn UTF-8 bytes into mojibake (mojibake.go).
package clean

// Version identifies the cleaner's behaviour; it is recorded with each
// article so that stored pages can be re-cleaned when it changes.
const Version = "1.3.0"
