package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// contentType is what the mirror says of every page, and what the
// clean-only run tells the cleaner.
const contentType = "text/html; charset=utf-8"

// mirror is the loopback site: feed f at /f<f>/feed.xml lists articles
// f*perFeed up to the next feed's first, article n is /f<f>/a<n>.html,
// the page of base page n mod len(pages) with its marker, and robots.txt
// is 404.
type mirror struct {
	corpus   *corpus
	articles int
	perFeed  int
	srv      *httptest.Server
}

// newMirror starts serving.
func newMirror(c *corpus, articles, perFeed int) *mirror {
	m := &mirror{corpus: c, articles: articles, perFeed: perFeed}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{feed}/feed.xml", m.serveFeed)
	mux.HandleFunc("GET /{feed}/{article}", m.serveArticle)
	m.srv = httptest.NewServer(mux) // anything else, robots.txt included, is 404
	return m
}

func (m *mirror) close() { m.srv.Close() }

// feeds is the number of feeds.
func (m *mirror) feeds() int { return (m.articles + m.perFeed - 1) / m.perFeed }

// feedURL is the address of feed f.
func (m *mirror) feedURL(f int) string { return fmt.Sprintf("%s/f%d/feed.xml", m.srv.URL, f) }

// articleURL is the address of article n.
func (m *mirror) articleURL(n int) string {
	return fmt.Sprintf("%s/f%d/a%d.html", m.srv.URL, n/m.perFeed, n)
}

// page is the base page of article n.
func (m *mirror) page(n int) *basePage { return &m.corpus.pages[n%len(m.corpus.pages)] }

// rawBytes is the size of every article's page as served.
func (m *mirror) rawBytes() int64 {
	var sum int64
	for n := range m.articles {
		sum += int64(len(m.page(n).body) + len(" a"+strconv.Itoa(n)))
	}
	return sum
}

func (m *mirror) serveFeed(w http.ResponseWriter, r *http.Request) {
	f, ok := number(r.PathValue("feed"), "f", "")
	if !ok || f >= m.feeds() {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	w.Write(m.rss(f))
}

// rss is feed f: an item per article, newest first.
func (m *mirror) rss(f int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<rss version="2.0"><channel><title>mirror f%d</title><link>%s/f%d/</link><description>pipebench</description>`+"\n", f, m.srv.URL, f)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := min(m.articles, (f+1)*m.perFeed) - 1; n >= f*m.perFeed; n-- {
		u := m.articleURL(n)
		fmt.Fprintf(&b, "<item><title>Article %d</title><link>%s</link><guid isPermaLink=\"true\">%s</guid><pubDate>%s</pubDate><description>Article %d of the mirror.</description></item>\n",
			n, u, u, base.Add(time.Duration(n)*time.Minute).Format(time.RFC1123Z), n)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func (m *mirror) serveArticle(w http.ResponseWriter, r *http.Request) {
	f, okF := number(r.PathValue("feed"), "f", "")
	n, okN := number(r.PathValue("article"), "a", ".html")
	if !okF || !okN || n >= m.articles || n/m.perFeed != f {
		http.NotFound(w, r)
		return
	}
	body := articleBody(m.page(n), n)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

// number parses prefix<digits>suffix.
func number(s, prefix, suffix string) (int, bool) {
	s, ok1 := strings.CutPrefix(s, prefix)
	s, ok2 := strings.CutSuffix(s, suffix)
	n, err := strconv.Atoi(s)
	return n, ok1 && ok2 && err == nil && n >= 0
}
