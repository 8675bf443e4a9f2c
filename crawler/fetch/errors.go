package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"strconv"
	"time"

	"github.com/depeche-archiver/depeche/internal/secret"
)

// Kind classifies a failed fetch so that the scheduler can decide how to
// back off and people can see what is wrong.
type Kind string

// The kinds of failure.
const (
	KindNetwork     Kind = "network"      // DNS, refused, reset, truncated, redirect loop
	KindTimeout     Kind = "timeout"      // the request took longer than allowed
	KindServer      Kind = "server_error" // HTTP 5xx
	KindRateLimited Kind = "rate_limited" // HTTP 429
	KindForbidden   Kind = "forbidden"    // HTTP 401/403, or a challenge page instead of a feed
	KindNotFound    Kind = "not_found"    // HTTP 404
	KindGone        Kind = "gone"         // HTTP 410
	KindStatus      Kind = "status"       // another unexpected HTTP status
	KindTooLarge    Kind = "too_large"    // the body exceeded max_body_bytes
	KindBlocked     Kind = "blocked"      // a private address, or robots.txt
	KindInvalidURL  Kind = "invalid_url"  // not an http(s) URL: a feed item's link, for one
)

// Error is a failed feed or page fetch.
type Error struct {
	Kind   Kind
	URL    string
	Status int // the HTTP status, when there was one
	// RetryAfter is the wait a 429 or 503 asked for; 0 when none.
	RetryAfter time.Duration
	Err        error
}

// Error names the URL, its user information masked, and the failure: the
// message is logged, and kept in the archive as a feed's last error.
func (e *Error) Error() string {
	msg := string(e.Kind)
	if e.Status != 0 {
		msg = "HTTP " + strconv.Itoa(e.Status)
	}
	if e.URL == "" {
		return fmt.Sprintf("%s: %v", msg, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", msg, secret.Mask(e.URL), e.Err)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// statusError classifies an HTTP status other than 2xx and 304.
func statusError(rawURL string, code int, h http.Header, now time.Time) *Error {
	e := &Error{Kind: statusKind(code), URL: rawURL, Status: code, Err: errors.New(http.StatusText(code))}
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		e.RetryAfter = retryAfter(h.Get("Retry-After"), now)
	}
	return e
}

func statusKind(code int) Kind {
	switch {
	case code == http.StatusTooManyRequests:
		return KindRateLimited
	case code == http.StatusUnauthorized, code == http.StatusForbidden:
		return KindForbidden
	case code == http.StatusNotFound:
		return KindNotFound
	case code == http.StatusGone:
		return KindGone
	case code >= 500:
		return KindServer
	}
	return KindStatus
}

// classify wraps err, met while fetching url, in an *Error, keeping an
// existing classification.
func classify(url string, err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		if fe.URL == "" {
			c := *fe
			c.URL = url
			return &c
		}
		return err
	}
	var ue *neturl.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is named once, by Error
		if errors.As(err, &fe) {
			return classify(url, err)
		}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &Error{Kind: KindTimeout, URL: url, Err: err}
	}
	return &Error{Kind: KindNetwork, URL: url, Err: err}
}

// KindOf returns the kind of a fetch error, or "" for other errors.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}
