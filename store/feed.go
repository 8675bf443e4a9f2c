package store

import (
	"maps"
	"net/http"
	"slices"
	"time"
)

// Feed is one feed as the running daemon polls it: the settings that the
// crawler, the daemon's API and the status commands share, with the
// config's defaults applied. config.Feed is the other form, the one a
// config file spells out (YAML types, folders, backfill settings); the
// command turns each into a Feed when it loads or reloads the config, so
// that no package below the command reads the config.
type Feed struct {
	Name     string
	URL      string
	Interval time.Duration
	// Headers are set on the feed's requests, over the defaults. They
	// follow redirects as Go's client lets them: Cookie and Authorization
	// only within the feed's domain.
	Headers http.Header
}

// Equal reports whether f and g are the same feed with the same settings.
func (f Feed) Equal(g Feed) bool {
	return f.Name == g.Name && f.URL == g.URL && f.Interval == g.Interval &&
		maps.EqualFunc(f.Headers, g.Headers, slices.Equal)
}
