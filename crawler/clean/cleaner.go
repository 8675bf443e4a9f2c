package clean

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// Cleaner cleans pages with a fixed set of site rules. It is immutable
// after New and safe for concurrent use.
type Cleaner struct {
	rules       []*siteRule
	fingerprint string // of Version and the rules New was given
}

// New compiles and validates rules: selectors, regular expressions, time
// zones, a required host and no two rules with the same host and
// path_prefix. Its error is a *RuleError.
func New(rules []Rule) (*Cleaner, error) {
	c := &Cleaner{fingerprint: fingerprint(rules)}
	seen := make(map[string]int, len(rules))
	for i, r := range rules {
		s, err := compileRule(i, r)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[s.name]; dup {
			return nil, &RuleError{Index: i, Field: "host", Err: fmt.Errorf("same host and path_prefix as sites[%d]", j)}
		}
		seen[s.name] = i
		c.rules = append(c.rules, s)
	}
	return c, nil
}

// Clean turns one fetched page into an article. It fails with ErrNotHTML
// when the page is not HTML and with ErrNoText when no body text remains.
func (c *Cleaner) Clean(p Page) (*Article, error) {
	if err := checkHTML(p.ContentType, p.Body); err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(decode(p.ContentType, shrinkMarkup(p.Body))))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	pg := &page{doc: doc, base: parseBase(p.URL), meta: readMeta(doc)}
	cutDown(doc)
	var a *Article
	if r := c.match(pg.base); r != nil {
		a, err = pg.cleanWithRule(r)
	} else {
		a, err = pg.cleanGeneric()
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

// match returns the rule for u: same host, longest matching path prefix.
func (c *Cleaner) match(u *url.URL) *siteRule {
	if u == nil {
		return nil
	}
	host := strings.ToLower(u.Hostname())
	var best *siteRule
	for _, r := range c.rules {
		if r.host == host && pathUnder(u.Path, r.prefix) && (best == nil || len(r.prefix) > len(best.prefix)) {
			best = r
		}
	}
	return best
}

// pathUnder reports whether path is prefix or below it.
func pathUnder(path, prefix string) bool {
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

// parseBase parses the page URL, or returns nil when it is not absolute.
func parseBase(s string) *url.URL {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}
