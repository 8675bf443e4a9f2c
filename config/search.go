package config

import "time"

// Search bounds the full-text searches of the listener (GET /search, the
// web interface's search page) and of `depeche search`: one query could
// otherwise keep the cores busy for minutes and take gigabytes.
type Search struct {
	// MaxQueryBytes is the longest query, in bytes; a longer one is
	// refused (400).
	MaxQueryBytes int `yaml:"max_query_bytes"`
	// MaxTerms is the most terms a query may have: each word, each word of
	// a phrase, each feed:, lang: and source: value, and the published
	// range. A query with more is refused (400).
	MaxTerms int `yaml:"max_terms"`
	// Timeout is each search's deadline; a search that runs past it is
	// stopped (503).
	Timeout Duration `yaml:"timeout"`
	// MaxConcurrent is the most searches the daemon runs at once; the
	// others are refused with 503 and Retry-After. 0: the number of cores.
	MaxConcurrent int `yaml:"max_concurrent"`
}

// Defaults of the search: section.
const (
	DefaultSearchMaxQueryBytes = 1024
	DefaultSearchMaxTerms      = 32
	DefaultSearchTimeout       = 5 * time.Second
)

// maxSearchTimeout bounds search.timeout: a search that needs longer is
// not one a person waits for, and one that runs that long holds a core.
const maxSearchTimeout = time.Minute

func (c *Config) validateSearch() error {
	s := c.Search
	switch {
	case s.MaxQueryBytes < 1:
		return fieldErr("search.max_query_bytes", "must be at least 1, got %d", s.MaxQueryBytes)
	case s.MaxTerms < 1:
		return fieldErr("search.max_terms", "must be at least 1, got %d", s.MaxTerms)
	case s.Timeout <= 0 || s.Timeout.D() > maxSearchTimeout:
		return fieldErr("search.timeout", "must be positive and at most %v, got %v", maxSearchTimeout, s.Timeout.D())
	case s.MaxConcurrent < 0:
		return fieldErr("search.max_concurrent", "must be 0 (the number of cores) or more, got %d", s.MaxConcurrent)
	}
	return nil
}
