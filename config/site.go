package config

import (
	"reflect"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// Site is one entry of sites: the cleaning rule for the pages of a host
// (and path prefix), and the request headers those pages are fetched
// with.
//
// The headers sit here rather than in clean.Rule: the cleaner never makes
// a request, and the rules' fingerprint, which marks every article for
// re-cleaning when it changes, must not move when a cookie is renewed.
// clean.New is given Rules, which holds no header.
type Site struct {
	clean.Rule `yaml:",inline"`
	// Headers are added to the requests for the site's pages.
	Headers Headers `yaml:"headers,omitempty"`
}

// headersOnly reports an entry that gives headers and no cleaning field:
// it adds headers to the built-in rule of its host and path prefix, if
// any, instead of replacing that rule with generic extraction.
func (s Site) headersOnly() bool {
	return len(s.Headers) > 0 &&
		reflect.DeepEqual(s.Rule, clean.Rule{Host: s.Host, PathPrefix: s.PathPrefix})
}

// Rules returns the cleaning rules of the sites, for clean.New: entries
// that only give headers are left out, so that they change neither the
// cleaning nor its fingerprint.
func (c *Config) Rules() []clean.Rule {
	out := make([]clean.Rule, 0, len(c.Sites))
	for _, s := range c.Sites {
		if !s.headersOnly() {
			out = append(out, s.Rule)
		}
	}
	return out
}

// mergeSites returns the built-in sites with user entries replacing those
// of the same host and path prefix, and the other user entries after
// them. A user entry that only gives headers lends them to the built-in
// rule it matches.
func mergeSites(builtin, user []Site) []Site {
	out := make([]Site, 0, len(builtin)+len(user))
	lent := make(map[int]bool)
	for _, b := range builtin {
		i := siteIndex(user, b)
		switch {
		case i < 0:
			out = append(out, b)
		case user[i].headersOnly():
			out = append(out, Site{Rule: b.Rule, Headers: user[i].Headers})
			lent[i] = true
		}
	}
	for i, u := range user {
		if !lent[i] {
			out = append(out, u)
		}
	}
	return out
}

// siteIndex is the index of the entry of sites for the host and path
// prefix of s, or -1.
func siteIndex(sites []Site, s Site) int {
	for i, u := range sites {
		if u.Host == s.Host && u.PathPrefix == s.PathPrefix {
			return i
		}
	}
	return -1
}
