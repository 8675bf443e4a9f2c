package main

import (
	"bytes"
	"fmt"
)

// A shape generates a page of about the given size in bytes.
type shape struct {
	name string
	gen  func(size, seed int) []byte
}

var shapes = []shape{{"teasers", teaserPage}, {"paragraphs", paragraphPage}}

// teaserPage is a short article followed by what makes real pages heavy,
// repeated up to size: teaser cards, inline scripts with JSON state,
// styles, comments and SVG icons. seed makes pages of one feed differ.
func teaserPage(size, seed int) []byte {
	var b bytes.Buffer
	b.Grow(size + 4<<10)
	head(&b, seed, "Ferry timetable changes for the spring")
	for i := range 10 {
		fmt.Fprintf(&b, `<p>Paragraph %d of story %d: the ferry company moved the first crossing of the day half an hour earlier, so that the market traders reach the island before the stalls open, and added a late boat on Fridays.</p>`, i+1, seed)
	}
	b.WriteString(`</article><aside class="more">`)
	for i := 0; b.Len() < size-200; i++ {
		fmt.Fprintf(&b, `<div class="card c%d"><a href="/s/%d"><img src="/i/%d.jpg" alt=""></a><h3><a href="/s/%d">Other story %d</a></h3><p class="dek">A line about the harbour, the market and the weather, number %d.</p></div>`, i%5, i, i, i, i, i)
		fmt.Fprintf(&b, `<script>window.__card_%d={"id":%d,"kicker":"harbour","body":"%s"};</script>`, i, i, bytes.Repeat([]byte("state text "), 40))
		fmt.Fprintf(&b, `<style>.c%d{margin:0 auto;padding:4px}</style><!-- slot %d %s -->`, i, i, bytes.Repeat([]byte("filler "), 30))
		fmt.Fprintf(&b, `<svg viewBox="0 0 24 24"><path d="M2 2 L%d 22 Z"/><circle cx="12" cy="12" r="4"/></svg>`, i%24)
	}
	b.WriteString(`</aside></main></body></html>`)
	return b.Bytes()
}

// paragraphPage is one long run of paragraphs up to size: the shape that
// costs extraction most.
func paragraphPage(size, seed int) []byte {
	var b bytes.Buffer
	b.Grow(size + 4<<10)
	head(&b, seed, "A season of ferry logs")
	for i := 0; b.Len() < size-200; i++ {
		if i%12 == 0 {
			fmt.Fprintf(&b, `<h2>Month %d</h2>`, i/12+1)
		}
		fmt.Fprintf(&b, `<p>Log entry %d of page %d: the crossing took <b>forty minutes</b>, the sea was calm, and <a href="/log/%d">the deck crew</a> counted the bicycles twice.</p>`, i+1, seed, i)
	}
	b.WriteString(`</article></main></body></html>`)
	return b.Bytes()
}

// head writes the page up to the start of its article body.
func head(b *bytes.Buffer, seed int, title string) {
	fmt.Fprintf(b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s (%d)</title>`, title, seed)
	b.WriteString(`<meta property="article:published_time" content="2025-04-02T07:30:00Z"></head><body>`)
	b.WriteString(`<header><nav><a href="/">Home</a> <a href="/harbour">Harbour</a> <a href="/market">Market</a></nav></header>`)
	fmt.Fprintf(b, `<main><article class="story-body"><h1>%s (%d)</h1>`, title, seed)
}
