package store

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// normalizeURL returns the identity form of an absolute http or https URL:
// scheme and host in lower case, no default port, no fragment, no tracking
// parameters, the remaining query parameters sorted by name (parameters of
// the same name keep their order) and "/" for an empty path. Two addresses
// of the same article should normalise to the same string.
func normalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("normalize url %q: %w", raw, err)
	}
	if err := checkAbsoluteHTTP(u); err != nil {
		return "", fmt.Errorf("normalize url %q: %w", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = normalizeHost(u)
	u.Fragment, u.RawFragment = "", ""
	u.RawQuery = normalizeQuery(u.RawQuery)
	u.ForceQuery = false
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	return u.String(), nil
}

// checkAbsoluteHTTP accepts only absolute http and https URLs with a host.
func checkAbsoluteHTTP(u *url.URL) error {
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return errors.New("not an absolute url")
	default:
		return fmt.Errorf("scheme %s is not http or https", u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("no host")
	}
	return nil
}

// normalizeHost lower-cases the host and drops the scheme's default port.
func normalizeHost(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		if strings.Contains(host, ":") {
			return "[" + host + "]" // IPv6 literal
		}
		return host
	}
	return net.JoinHostPort(host, port)
}

// queryParam is one name=value pair of a query, as written.
type queryParam struct {
	name string // decoded, to compare and sort
	raw  string // as written, to keep the publisher's encoding
}

// normalizeQuery drops empty and tracking parameters and sorts the rest by
// name, stably.
func normalizeQuery(rawQuery string) string {
	var params []queryParam
	for _, raw := range strings.Split(rawQuery, "&") {
		if raw == "" {
			continue
		}
		rawName, _, _ := strings.Cut(raw, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			name = rawName
		}
		if isTrackingParam(name) {
			continue
		}
		params = append(params, queryParam{name: name, raw: raw})
	}
	slices.SortStableFunc(params, func(a, b queryParam) int { return strings.Compare(a.name, b.name) })
	raws := make([]string, len(params))
	for i, p := range params {
		raws[i] = p.raw
	}
	return strings.Join(raws, "&")
}

// isTrackingParam reports whether a query parameter only tracks the reader
// (campaign, click and mail identifiers) and never selects content.
func isTrackingParam(name string) bool {
	name = strings.ToLower(name)
	if strings.HasPrefix(name, "utm_") {
		return true
	}
	switch name {
	case "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "ttclid",
		"li_fat_id", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "_gl",
		"ref_src", "ref_url", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id":
		return true
	}
	return false
}
