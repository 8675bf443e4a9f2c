// Package secret keeps the user names and passwords written into URLs
// (https://user:password@host/feed, nats://user:password@host:4222) out
// of everything depeche shows: the printed config, the listener's
// answers, the web interface, error messages and logs. Every place that
// shows a URL passes it, or the text that holds it, through Mask.
//
// It imports nothing of ours, so that the config, the fetcher and the
// listener can all use the same function.
package secret

import (
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
)

// Masked is what stands in place of a secret.
const Masked = "***"

// userInfo matches a URL's scheme and the user information after it, up
// to its last '@': the characters a URL's user information may hold, as
// net/url reads them, '@' among them, since a parser takes the last '@'
// before the host.
var userInfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.\-]*://)[A-Za-z0-9\-._:~!$&'()*+,;=%@]*@`)

// Mask returns s with the user information of every URL in it (a user
// name, with or without a password) replaced by Masked:
// "https://alice:pw@host/feed" becomes "https://***@host/feed". s may be
// one URL or any text holding URLs, such as an error message. The rest of
// s is kept byte for byte.
func Mask(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return userInfo.ReplaceAllString(s, "${1}"+Masked+"@")
}

// Strip returns the URL raw without its user information, for lists
// handed to other programs; raw unchanged when it has none or does not
// parse.
func Strip(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// MaskAttr is a slog.HandlerOptions.ReplaceAttr that masks the URLs in
// every logged value: strings, errors, and any other value as it prints.
func MaskAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if m := Mask(a.Value.String()); m != a.Value.String() {
			a.Value = slog.StringValue(m)
		}
	case slog.KindAny:
		s := fmt.Sprint(a.Value.Any())
		if m := Mask(s); m != s {
			a.Value = slog.StringValue(m)
		}
	}
	return a
}
