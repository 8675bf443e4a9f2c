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
	}
}

func (m *pageMeta) meta(n *html.Node) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
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
	case "article:published_time", "og:published_time", "pubdate", "dc.date":
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

// canonicalURL returns rel=canonical, else og:url, made absolute.
func (m pageMeta) canonicalURL(base *url.URL) string {
	for _, s := range []string{m.canonical, m.ogURL} {
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

// authorName drops author values that are profile links, not names.
func (m pageMeta) authorName() string {
	if strings.HasPrefix(m.author, "http://") || strings.HasPrefix(m.author, "https://") {
		return ""
	}
	return m.author
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
