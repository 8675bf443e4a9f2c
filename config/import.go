package config

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Import is what adding a subscription list to a configuration would do.
type Import struct {
	// Add are the new feeds, named after their titles, names made unique.
	Add []Feed
	// Present are the outlines whose URL is configured already.
	Present []Present
	// Repeated are the outlines whose URL came earlier in the list: a
	// reader that lets a feed sit in two folders lists it twice.
	Repeated []Outline
}

// Present is an outline whose feed is configured already.
type Present struct {
	Outline Outline
	Feed    string // the configured feed's name
}

// maxNameLen bounds the names Import makes from titles.
const maxNameLen = 48

// Import plans adding outlines to c: the feeds whose URL c lacks, with
// names that are unique in c.
func (c *Config) Import(outlines []Outline) Import {
	var im Import
	byURL := make(map[string]string, len(c.Feeds)) // url key -> feed name
	taken := make(map[string]bool, len(c.Feeds)+len(outlines))
	for _, f := range c.Feeds {
		byURL[urlKey(f.URL)] = f.Name
		taken[strings.ToLower(f.Name)] = true
	}
	added := map[string]bool{}
	for _, o := range outlines {
		k := urlKey(o.URL)
		switch {
		case byURL[k] != "":
			im.Present = append(im.Present, Present{Outline: o, Feed: byURL[k]})
		case added[k]:
			im.Repeated = append(im.Repeated, o)
		default:
			added[k] = true
			name := uniqueName(nameFor(o), taken)
			im.Add = append(im.Add, Feed{Name: name, URL: o.URL, Group: o.Group})
		}
	}
	return im
}

// urlKey is a feed URL with what does not change the feed normalised:
// the scheme's and host's case, a fragment, an empty path.
func urlKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme, u.Host, u.Fragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// nameFor makes a feed name of the outline's title: kept when it is one
// already, else turned into a slug; the URL's host when the title gives
// nothing.
func nameFor(o Outline) string {
	if feedName.MatchString(o.Title) && len(o.Title) <= maxNameLen {
		return o.Title
	}
	if s := slug(o.Title); s != "" {
		return s
	}
	if u, err := url.Parse(o.URL); err == nil {
		if s := slug(strings.TrimPrefix(u.Hostname(), "www.")); s != "" {
			return s
		}
	}
	return "feed"
}

// slug lower-cases s, drops accents, and turns every run of other
// characters into one "-": "Le Monde.fr - Actualités" becomes
// "le-monde.fr-actualites".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r): // an accent, decomposed
		case r == '.' && !dash && strings.HasSuffix(b.String(), "."): // one dot of a run
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_'):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > maxNameLen {
		out = out[:maxNameLen]
	}
	return strings.TrimLeft(strings.TrimRight(out, "-._"), "._")
}

// uniqueName returns name, or name-2, name-3...: the first not taken,
// case aside (names differing in case only would confuse people), and
// takes it.
func uniqueName(name string, taken map[string]bool) string {
	try := name
	for n := 2; taken[strings.ToLower(try)]; n++ {
		try = name + "-" + strconv.Itoa(n)
	}
	taken[strings.ToLower(try)] = true
	return try
}
