package clean

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// pageMeta is what the page says about itself outside its body: <title>,
// <meta> and <link> elements, <html lang>.
type pageMeta struct {
	title, ogTitle                 string
	description, ogDescription     string
	author, published, section     string
	lang, locale, canonical, ogURL string
	image                          string
	tags                           []string
	timeDate                       string // the first <time datetime>
	ld                             ldArticle
	hasLD                          bool
}

// readMeta collects the page's metadata in one walk of the tree.
func readMeta(doc *html.Node) pageMeta {
	var m pageMeta
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			m.element(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return m
}

func (m *pageMeta) element(n *html.Node) {
	switch n.Data {
	case "html":
		m.lang = attr(n, "lang")
	case "title":
		setOnce(&m.title, nodeValue(n))
	case "link":
		if strings.EqualFold(attr(n, "rel"), "canonical") {
			setOnce(&m.canonical, strings.TrimSpace(attr(n, "href")))
		}
	case "meta":
		m.meta(n)
	case "time":
		setOnce(&m.timeDate, strings.TrimSpace(attr(n, "datetime")))
	case "script":
		if !m.hasLD && strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
			m.ld, m.hasLD = readJSONLD(n.FirstChild.Data)
		}
	}
}

func (m *pageMeta) meta(n *html.Node) {
	key := strings.ToLower(firstOf(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
	v := normalizeLine(attr(n, "content"))
	if v == "" {
		return
	}
	if f := m.field(key); f != nil {
		setOnce(f, v)
	}
	if key == "article:tag" {
		m.tags = appendUnique(m.tags, v)
	}
}

// field maps a meta name or property to the field it fills.
func (m *pageMeta) field(key string) *string {
	switch key {
	case "og:title":
		return &m.ogTitle
	case "og:description":
		return &m.ogDescription
	case "description", "dc.description":
		return &m.description
	case "author", "article:author", "dc.creator":
		return &m.author
	case "article:published_time", "og:published_time", "pubdate", "dc.date",
		"datepublished", "dc.date.issued", "date", "publish-date", "parsely-pub-date", "sailthru.date":
		return &m.published
	case "article:section":
		return &m.section
	case "og:locale":
		return &m.locale
	case "og:url":
		return &m.ogURL
	case "og:image":
		return &m.image
	}
	return nil
}

// setOnce keeps the first value found: og: properties come before their
// fallbacks in most heads, and a later duplicate is usually a widget's.
func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// canonicalURL returns rel=canonical, else og:url, else the JSON-LD
// article's address, made absolute.
func (m pageMeta) canonicalURL(base *url.URL) string {
	for _, s := range []string{m.canonical, m.ogURL, m.ld.url} {
		if u := absURL(base, s); u != "" {
			return u
		}
	}
	return ""
}

// lead returns og:description, else the meta description.
func (m pageMeta) lead() string {
	return firstOf(m.ogDescription, m.description)
}

// headTitle returns og:title, else <title>.
func (m pageMeta) headTitle() string {
	return firstOf(m.ogTitle, m.title)
}

// firstOf returns the first non-empty string.
func firstOf(list ...string) string {
	for _, s := range list {
		if s != "" {
			return s
		}
	}
	return ""
}

// authorName returns the author meta tag, else the JSON-LD article's
// author, dropping values that are profile links, not names.
func (m pageMeta) authorName() string {
	for _, a := range []string{m.author, m.ld.author} {
		if a != "" && !strings.HasPrefix(a, "http://") && !strings.HasPrefix(a, "https://") {
			return a
		}
	}
	return ""
}

// publishedDate returns the first date the page gives: meta tags, else
// the JSON-LD article, else the first <time datetime>.
func (m pageMeta) publishedDate() string {
	return firstOf(m.published, m.ld.published, m.timeDate)
}

// absURL resolves ref against base; it returns "" unless the result is
// an absolute http(s) URL.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}
