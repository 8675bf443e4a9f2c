package main

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// Each article's page is its base page with a marker, " a<number>", put
// at the end of one paragraph that the cleaner keeps. The marker makes
// the text, hence the content hash, of every article distinct (else the
// archive would rightly merge the repeats), and costs a few bytes. The
// repeats of a page stay near-duplicates (MinHash similarity about 0.99),
// so the archive clusters them: about len(articles)/181 per cluster.

// probeMarker is the marker of the n-th "</p>" in placeMarkers' probe.
func probeMarker(n int) string { return " zqp" + strconv.Itoa(n) + "q" }

var probeFound = regexp.MustCompile(`zqp(\d+)q`)

// blockEnds are the tags before which placeMarkers tries a marker, in
// order: paragraph ends first, then line breaks and other blocks for the
// pages whose text is not in paragraphs.
var blockEnds = []string{"</p>", "<br", "</div>", "</li>", "</td>"}

// placeMarkers finds, for each page, a place where text the cleaner keeps
// ends: for each of blockEnds until one works, it cleans the page once
// with a numbered marker before every such tag and takes the first number
// that reaches the text.
func (c *corpus) placeMarkers(cl *clean.Cleaner) error {
	missing := 0
	for i := range c.pages {
		p := &c.pages[i]
		for _, tag := range blockEnds {
			at, err := probe(cl, p.body, tag)
			if err != nil {
				return fmt.Errorf("place markers: %s: %w", p.name, err)
			}
			if at >= 0 {
				p.point = at
				break
			}
		}
		if p.point < 0 {
			missing++
		}
	}
	if missing > 0 {
		return fmt.Errorf("place markers: %d of %d pages have no place the cleaner keeps", missing, len(c.pages))
	}
	return nil
}

// probe returns the offset of the first tag before which a marker reaches
// the cleaned text, -1 when none does.
func probe(cl *clean.Cleaner, body []byte, tag string) (int, error) {
	ends := tagOffsets(body, tag)
	if len(ends) == 0 {
		return -1, nil
	}
	a, err := cl.Clean(clean.Page{URL: "http://mirror.test/probe.html", ContentType: contentType, Body: probeBody(body, ends)})
	if err != nil {
		return -1, err
	}
	m := probeFound.FindStringSubmatch(a.Text)
	if m == nil {
		return -1, nil
	}
	n, _ := strconv.Atoi(m[1]) // the pattern has digits only
	return ends[n], nil
}

// tagOffsets returns the offsets of every tag (lower-case ASCII) in b,
// matched in any case.
func tagOffsets(b []byte, tag string) []int {
	var out []int
	for i := 0; i+len(tag) <= len(b); i++ {
		if asciiFoldEqual(b[i:i+len(tag)], tag) {
			out = append(out, i)
		}
	}
	return out
}

// asciiFoldEqual reports whether b is lower, ASCII letters in any case.
func asciiFoldEqual(b []byte, lower string) bool {
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// probeBody is body with probeMarker(n) before the n-th paragraph end.
func probeBody(body []byte, ends []int) []byte {
	out := make([]byte, 0, len(body)+12*len(ends))
	last := 0
	for n, at := range ends {
		out = append(out, body[last:at]...)
		out = append(out, probeMarker(n)...)
		last = at
	}
	return append(out, body[last:]...)
}

// articleBody is the page of article n: its base page with the marker.
func articleBody(p *basePage, n int) []byte {
	mark := " a" + strconv.Itoa(n)
	out := make([]byte, 0, len(p.body)+len(mark))
	out = append(out, p.body[:p.point]...)
	out = append(out, mark...)
	return append(out, p.body[p.point:]...)
}
