package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// SearchLimits bound the searches of a Searcher, so that no query, and no
// number of them, takes the daemon's CPU and memory from its polls.
type SearchLimits struct {
	// Query bounds one query's length and terms; zero fields: search's
	// defaults.
	Query search.Limits
	// Timeout is each search's deadline, the archive reads included;
	// 0: DefaultSearchTimeout.
	Timeout time.Duration
	// MaxConcurrent is the most searches run at once, the others refused
	// with ErrBusy; 0: the number of cores.
	MaxConcurrent int
}

// DefaultSearchTimeout is the deadline of a search when SearchLimits sets
// none.
const DefaultSearchTimeout = 5 * time.Second

// RetryAfterBusy is the Retry-After, in seconds, of a search refused
// because every slot is taken: a search takes milliseconds, at most its
// timeout.
const RetryAfterBusy = "1"

// ErrBusy is a search refused because as many as SearchLimits allow run
// already.
var ErrBusy = errors.New("too many searches at once")

// Searcher runs searches on an index within its limits. The daemon's
// /search and its web interface share one, so that the limit on
// concurrent searches holds for both.
type Searcher struct {
	ix     *search.Index
	db     *store.DB
	limits SearchLimits
	slots  chan struct{} // one token per search running
}

// NewSearcher returns a searcher on ix, the index of db, within l.
func NewSearcher(ix *search.Index, db *store.DB, l SearchLimits) *Searcher {
	if l.Timeout <= 0 {
		l.Timeout = DefaultSearchTimeout
	}
	if l.MaxConcurrent <= 0 {
		l.MaxConcurrent = runtime.NumCPU()
	}
	return &Searcher{ix: ix, db: db, limits: l, slots: make(chan struct{}, l.MaxConcurrent)}
}

// Search runs r under ctx and the searcher's deadline. A query that
// cannot be read or is over a limit is a *QueryError; a search refused
// because every slot is taken wraps ErrBusy; one that ran past the
// deadline wraps context.DeadlineExceeded, one whose ctx was cancelled
// context.Canceled.
func (s *Searcher) Search(ctx context.Context, r SearchRequest) (SearchResponse, error) {
	terms, err := search.ParseLimited(r.Q, s.limits.Query)
	if err != nil {
		return SearchResponse{}, &QueryError{err}
	}
	if r.Feed != "" {
		terms.Feeds = append(terms.Feeds, r.Feed)
	}
	if !r.Since.IsZero() && r.Since.After(terms.Since) {
		terms.Since = r.Since
	}
	if !r.Until.IsZero() && (terms.Until.IsZero() || r.Until.Before(terms.Until)) {
		terms.Until = r.Until
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		return SearchResponse{}, fmt.Errorf("%w: %d run already, the most allowed (search.max_concurrent); try again in %s s", ErrBusy, cap(s.slots), RetryAfterBusy)
	}
	ctx, cancel := context.WithTimeout(ctx, s.limits.Timeout)
	defer cancel()
	res, err := s.ix.Search(ctx, s.db, search.Request{Terms: terms, Size: r.Size, From: r.From})
	if errors.Is(err, context.DeadlineExceeded) {
		return SearchResponse{}, fmt.Errorf("the search ran past its time limit of %v (search.timeout): %w", s.limits.Timeout, err)
	}
	if err != nil {
		return SearchResponse{}, err
	}
	return newSearchResponse(r.Q, res), nil
}

// SearchStatus is the HTTP status of a search that failed with err: 400
// for a query that cannot be read or is over a limit, 503 when every slot
// is taken or the search ran past its deadline, 0 when the client went
// away (nothing is left to answer), else 500.
func SearchStatus(err error) int {
	var qe *QueryError
	switch {
	case errors.As(err, &qe):
		return http.StatusBadRequest
	case errors.Is(err, ErrBusy), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 0
	}
	return http.StatusInternalServerError
}

// SetRetryAfter sets Retry-After on the answer to a search that failed
// with err when it was refused for want of a slot.
func SetRetryAfter(h http.Header, err error) {
	if errors.Is(err, ErrBusy) {
		h.Set("Retry-After", RetryAfterBusy)
	}
}
