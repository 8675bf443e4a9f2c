package clean

import (
	"bytes"
	"fmt"
)

// bigPage generates an article page of about size bytes: a short article
// followed by what makes real pages heavy, repeated until the size is
// reached: teaser blocks, inline scripts with JSON state, styles, comments
// and inline SVG icons. The sentences are our own.
func bigPage(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 8<<10)
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour lanterns return to the old quay</title>`)
	b.WriteString(`<meta property="og:title" content="Harbour lanterns return to the old quay"><meta name="author" content="Ada Quill">`)
	b.WriteString(`<meta property="article:published_time" content="2025-03-31T08:00:00Z"></head><body>`)
	b.WriteString(`<header><nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>`)
	b.WriteString(`<main><article class="article-body"><h1>Harbour lanterns return to the old quay</h1>`)
	for i := range 12 {
		fmt.Fprintf(&b, `<p>Paragraph %d of the story: the volunteers who repaired the lanterns along the old quay worked through the winter, replacing rusted frames and cracked glass one evening at a time, and the first of them was lit again on a cold Tuesday while a small crowd watched from the pier.</p>`, i+1)
	}
	b.WriteString(`</article></main><aside class="related">`)
	for i := 0; b.Len() < size; i++ {
		bigPageUnit(&b, i)
	}
	b.WriteString(`</aside><footer><p>Copyright the Quay Gazette</p></footer></body></html>`)
	return b.Bytes()
}

// longPage generates an article page of about size bytes whose body is
// one long run of paragraphs, the shape that costs extraction most.
func longPage(size int) []byte {
	var b bytes.Buffer
	b.Grow(size + 1<<10)
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The lantern keepers' log</title></head><body><article><h1>The lantern keepers' log</h1>`)
	for i := 0; b.Len() < size; i++ {
		if i%10 == 0 {
			fmt.Fprintf(&b, `<h2>Week %d</h2>`, i/10+1)
		}
		fmt.Fprintf(&b, `<p>Entry %d: the keepers walked the quay at dusk, trimmed <a href="/wicks/%d">the wicks</a>, wiped salt from the <b>glass</b> and wrote down which lanterns the wind had put out.</p>`, i+1, i)
	}
	b.WriteString(`</article></body></html>`)
	return b.Bytes()
}

// bigPageUnit writes one repeated unit of about 3 KB.
func bigPageUnit(b *bytes.Buffer, i int) {
	fmt.Fprintf(b, `<div class="teaser card-%d"><a href="/story/%d"><img src="/img/%d.jpg" alt="teaser %d"></a>`, i%7, i, i, i)
	fmt.Fprintf(b, `<h3><a href="/story/%d">Another story number %d about the town</a></h3><p class="summary">A short summary of story %d, about market stalls and the ferry timetable.</p>`, i, i, i)
	fmt.Fprintf(b, `<span class="meta"><time datetime="2025-03-%02dT10:00:00Z">%d March</time> <a href="/tag/t%d">tag %d</a></span></div>`, i%28+1, i%28+1, i%50, i%50)
	fmt.Fprintf(b, `<script>window.__state_%d = {"id":%d,"title":"Another story number %d","views":%d,"tags":["a","b","c"],"body":"%s"};</script>`, i, i, i, i*37, bytes.Repeat([]byte("lorem state text "), 30))
	fmt.Fprintf(b, `<style>.card-%d { margin: 0 auto; padding: 4px 8px; color: #333; background: url(/bg/%d.png); }</style>`, i, i)
	fmt.Fprintf(b, `<!-- ad slot %d: %s -->`, i, bytes.Repeat([]byte("placeholder "), 20))
	fmt.Fprintf(b, `<svg class="icon" viewBox="0 0 24 24"><path d="M12 2 L%d 22 L2 22 Z M4 4 L20 4 L20 6 L4 6 Z"/><circle cx="12" cy="12" r="%d"/></svg>`, i%24, i%10)
}
