package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	neturl "net/url"
	"strconv"
)

// Kind classifies a failed fetch so that callers can decide what to do.
type Kind string

// The kinds of failure.
const (
	KindNetwork  Kind = "network"   // DNS, refused, reset, truncated
	KindTimeout  Kind = "timeout"   // the request took longer than allowed
	KindStatus   Kind = "status"    // an HTTP status other than 2xx or 304
	KindTooLarge Kind = "too_large" // the body exceeded max_body_bytes
	KindBlocked  Kind = "blocked"   // a private address, or robots.txt
	KindParse    Kind = "parse"     // the feed could not be parsed
	KindContent  Kind = "content"   // the page is not HTML or has no text
)

// FetchError is a failed feed or page fetch.
type FetchError struct {
	Kind   Kind
	URL    string
	Status int // the HTTP status when Kind is KindStatus
	Err    error
}

// Error names the URL and the failure.
func (e *FetchError) Error() string {
	msg := string(e.Kind)
	if e.Status != 0 {
		msg = "HTTP " + strconv.Itoa(e.Status)
	}
	if e.URL == "" {
		return fmt.Sprintf("%s: %v", msg, e.Err)
	}
	return fmt.Sprintf("%s %s: %v", msg, e.URL, e.Err)
}

// Unwrap returns the cause.
func (e *FetchError) Unwrap() error { return e.Err }

// classify wraps err, met while fetching url, in a *FetchError, keeping an
// existing classification.
func classify(url string, err error) error {
	var fe *FetchError
	if errors.As(err, &fe) {
		if fe.URL == "" {
			return &FetchError{Kind: fe.Kind, URL: url, Status: fe.Status, Err: fe.Err}
		}
		return err
	}
	var ue *neturl.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL is named once, by FetchError
		if errors.As(err, &fe) {
			return classify(url, err)
		}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &FetchError{Kind: KindTimeout, URL: url, Err: err}
	}
	return &FetchError{Kind: KindNetwork, URL: url, Err: err}
}

// KindOf returns the kind of a fetch error, or "" for other errors.
func KindOf(err error) Kind {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}
