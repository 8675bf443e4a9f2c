package clean

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
)

// siteRule is a Rule compiled and validated by New; it is never modified
// afterwards, which makes a Cleaner safe for concurrent use.
type siteRule struct {
	name              string // host+path_prefix, for Extractor
	host, prefix      string
	title, lead, body selectorList
	author, published selectorList
	section, tags     selectorList
	image, caption    selectorList
	remove            selectorList
	filter            lineFilter
	loc               *time.Location
}

// compileRule validates r, the index-th rule, and compiles it.
func compileRule(index int, r Rule) (*siteRule, error) {
	c := &compiler{index: index}
	s := &siteRule{
		host:   c.host(r.Host),
		prefix: c.prefix(r.PathPrefix),
	}
	s.name = s.host + s.prefix
	s.title = c.selectors("title", r.Title, "")
	s.lead = c.selectors("lead", r.Lead, "")
	s.body = c.selectors("body", r.Body, "")
	s.author = c.selectors("author", r.Author, "")
	s.published = c.selectors("published", r.Published, "")
	s.section = c.selectors("section", r.Section, "")
	s.tags = c.selectors("tags", r.Tags, "")
	s.image = c.selectors("image", r.Image, "figure")
	s.caption = c.selectors("caption", r.Caption, "figcaption")
	s.remove = c.selectors("remove", strings.Join(r.Remove, ", "), "")
	s.filter = lineFilter{
		cutAt:    c.prefixes("cut_at", r.CutAt),
		drop:     c.regexps("drop_lines", r.DropLines),
		endAfter: c.regexps("end_after", r.EndAfter),
		repeats:  true,
	}
	s.loc = c.location(r.Timezone)
	return s, c.err
}

// compiler keeps the first error met while compiling one rule.
type compiler struct {
	index int
	err   error
}

func (c *compiler) fail(field string, err error) {
	if c.err == nil {
		c.err = &RuleError{Index: c.index, Field: field, Err: err}
	}
}

func (c *compiler) host(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	switch {
	case h == "":
		c.fail("host", errors.New("required"))
	case strings.ContainsAny(h, "/:@ "):
		c.fail("host", fmt.Errorf("%q is not a bare host name", h))
	}
	return h
}

func (c *compiler) prefix(p string) string {
	p = strings.TrimRight(strings.TrimSpace(p), "/")
	if p != "" && !strings.HasPrefix(p, "/") {
		c.fail("path_prefix", fmt.Errorf("%q does not start with /", p))
	}
	return p
}

func (c *compiler) selectors(field, s, def string) selectorList {
	if strings.TrimSpace(s) == "" {
		s = def
	}
	if s == "" {
		return nil
	}
	g, err := cascadia.ParseGroup(s)
	if err != nil {
		c.fail(field, fmt.Errorf("selector %q: %w", s, err))
	}
	return selectorList(g)
}

func (c *compiler) prefixes(field string, list []string) []string {
	out := make([]string, 0, len(list))
	for i, p := range list {
		p = normalizeLine(p)
		if p == "" {
			c.fail(field, fmt.Errorf("item %d is empty", i))
		}
		out = append(out, p)
	}
	return out
}

func (c *compiler) regexps(field string, list []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, 0, len(list))
	for i, s := range list {
		re, err := regexp.Compile(s)
		if err != nil {
			c.fail(field, fmt.Errorf("item %d: %w", i, err))
			continue
		}
		out = append(out, re)
	}
	return out
}

func (c *compiler) location(tz string) *time.Location {
	loc, err := parseLocation(strings.TrimSpace(tz))
	if err != nil {
		c.fail("timezone", err)
	}
	return loc
}

// parseLocation reads an IANA zone name or a fixed offset (+07:00, -0330).
func parseLocation(tz string) (*time.Location, error) {
	switch {
	case tz == "" || tz == "UTC" || tz == "Z":
		return time.UTC, nil
	case tz[0] == '+' || tz[0] == '-':
		return fixedZone(tz)
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q: %w", tz, err)
	}
	return loc, nil
}

func fixedZone(tz string) (*time.Location, error) {
	digits := strings.ReplaceAll(tz[1:], ":", "")
	bad := fmt.Errorf("bad offset %q, want +HH:MM", tz)
	if len(digits) != 4 {
		return nil, bad
	}
	h, err1 := strconv.Atoi(digits[:2])
	m, err2 := strconv.Atoi(digits[2:])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return nil, bad
	}
	secs := (h*60 + m) * 60
	if tz[0] == '-' {
		secs = -secs
	}
	return time.FixedZone(tz[:1]+digits[:2]+":"+digits[2:], secs), nil
}
