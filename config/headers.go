package config

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/depeche-archiver/depeche/internal/secret"
)

// Headers are HTTP request headers, name to value, that a feed or a site
// entry adds to its requests: a User-Agent a site lets through, a
// subscriber's Cookie, an Authorization token, an Accept-Language. Values
// usually come from ${NAME} references, so they are treated as secrets
// wherever depeche prints the config.
type Headers map[string]string

// Masked is what depeche config prints in place of each header value.
const Masked = secret.Masked

// HTTP returns h as an http.Header with canonical names; nil when h is
// empty.
func (h Headers) HTTP() http.Header {
	if len(h) == 0 {
		return nil
	}
	out := make(http.Header, len(h))
	for name, value := range h {
		out.Set(name, value)
	}
	return out
}

// masked returns a copy of h with every value replaced by Masked. Every
// value, not only Cookie and Authorization: a site may take its token in
// any header, and which values came from ${NAME} is no longer known.
func (h Headers) masked() Headers {
	if h == nil {
		return nil
	}
	out := make(Headers, len(h))
	for name := range h {
		out[name] = Masked
	}
	return out
}

// refusedHeaders are headers the HTTP client owns: hop-by-hop headers,
// the framing headers, and Accept-Encoding, whose setting by hand would
// stop Go from decompressing the bodies.
var refusedHeaders = []string{
	"Accept-Encoding", "Connection", "Content-Length", "Host", "Keep-Alive",
	"Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "Te",
	"Trailer", "Transfer-Encoding", "Upgrade",
}

// validateHeaders checks the headers at key ("feeds[0].headers"), in name
// order so that the first problem reported is always the same one.
func validateHeaders(key string, h Headers) error {
	seen := make(map[string]string, len(h))
	for _, name := range slices.Sorted(maps.Keys(h)) {
		at := key + "." + name
		if err := checkHeader(name, h[name]); err != nil {
			return fieldErr(at, "%w", err)
		}
		canon := http.CanonicalHeaderKey(name)
		if other, dup := seen[canon]; dup {
			return fieldErr(at, "is the same header as %s (names are case-insensitive)", other)
		}
		seen[canon] = name
	}
	return nil
}

// checkHeader checks one header. The error never quotes the value: it may
// be a secret.
func checkHeader(name, value string) error {
	switch {
	case !httpguts.ValidHeaderFieldName(name):
		return fmt.Errorf("%q is not a header name (letters, digits and !#$%%&'*+-.^_`|~)", name)
	case slices.Contains(refusedHeaders, http.CanonicalHeaderKey(name)):
		return fmt.Errorf("is set by depeche's HTTP client and cannot be configured")
	case strings.TrimSpace(value) == "":
		return fmt.Errorf("has an empty value (is the ${NAME} it refers to set?)")
	case !httpguts.ValidHeaderFieldValue(value):
		return fmt.Errorf("value holds a line break or another control character")
	}
	return nil
}
