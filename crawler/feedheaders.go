package crawler

import (
	"maps"
	"net/http"
	"slices"
)

// headersEqual reports whether a and b hold the same headers.
func headersEqual(a, b http.Header) bool {
	return maps.EqualFunc(a, b, slices.Equal)
}
