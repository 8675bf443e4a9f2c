package api

import (
	"context"
	"net/http"
	"time"

	"github.com/depeche-archiver/depeche/internal/secret"
	"github.com/depeche-archiver/depeche/store"
)

// Feed states, as GET /feeds, status and the depeche_feeds metric name
// them.
const (
	StateOK          = "ok"           // the last poll read the feed
	StateFailing     = "failing"      // the last poll (and maybe more) failed
	StateNeverPolled = "never_polled" // configured, not polled yet
)

// feedStates lists every state, in the order metrics report them.
func feedStates() []string { return []string{StateOK, StateFailing, StateNeverPolled} }

// FeedStatus is one configured feed's state, as GET /feeds serves it (a
// JSON array of them) and "status -json" prints it: one type for both, so
// the two sources give the same rows. Times are UTC and omitted when zero;
// interval is a Go duration ("15m0s").
type FeedStatus struct {
	Name              string    `json:"name"`
	URL               string    `json:"url"`
	State             string    `json:"state"`
	LastPoll          time.Time `json:"last_poll,omitzero"`
	LastSuccess       time.Time `json:"last_success,omitzero"`
	NextCheck         time.Time `json:"next_check,omitzero"`
	ConsecutiveErrors int       `json:"consecutive_errors"`
	LastError         string    `json:"last_error"`
	LastErrorKind     string    `json:"last_error_kind"`
	Interval          string    `json:"interval"`
	Articles          int       `json:"articles"`
	// Items counts what became of the items the feed showed.
	Items ItemCounts `json:"items"`
	// NextTry is when the first of the feed's pending items is tried
	// again; omitted when none waits.
	NextTry time.Time `json:"next_try,omitzero"`
}

// StateSource reads the feed states: the archive's (*store.DB).FeedStates,
// or in the daemon the crawler's, which adds the polls not yet written.
type StateSource func() ([]store.FeedState, error)

// FeedStatuses returns the status of each feed of fl, in that order, from
// the states src gives and the coverage cov gives. Feeds the archive knows
// but fl does not name are left out: nothing polls them.
func FeedStatuses(src StateSource, cov CoverageSource, fl []store.Feed) ([]FeedStatus, error) {
	states, err := src()
	if err != nil {
		return nil, err
	}
	covered, err := cov()
	if err != nil {
		return nil, err
	}
	byName := make(map[string]store.FeedState, len(states))
	for _, s := range states {
		byName[s.Name] = s
	}
	rows := make([]FeedStatus, 0, len(fl))
	for _, f := range fl {
		row := newFeedStatus(f, byName[f.Name])
		row.Items, row.NextTry = itemCounts(covered[f.Name].Items), utc(covered[f.Name].NextTry)
		rows = append(rows, row)
	}
	return rows, nil
}

// newFeedStatus is the status of feed f whose stored state is s (the zero
// state when it was never polled).
func newFeedStatus(f store.Feed, s store.FeedState) FeedStatus {
	row := FeedStatus{
		Name:              f.Name,
		URL:               f.URL,
		State:             stateOf(s),
		LastPoll:          utc(s.LastPoll),
		LastSuccess:       utc(s.LastSuccess),
		NextCheck:         utc(s.NextCheck),
		ConsecutiveErrors: s.ConsecutiveErrors,
		LastError:         s.LastError,
		LastErrorKind:     s.LastErrorKind,
		Interval:          f.Interval.String(),
		Articles:          s.Articles,
	}
	if s.URL != "" && s.ConfigURL == f.URL {
		row.URL = s.URL // where the feed moved permanently, if it did
	}
	// A feed URL may carry a user and password, and so may an error kept
	// from before errors were masked.
	row.URL, row.LastError = secret.Mask(row.URL), secret.Mask(row.LastError)
	if s.Interval > 0 {
		row.Interval = s.Interval.String()
	}
	return row
}

func stateOf(s store.FeedState) string {
	switch {
	case s.LastPoll.IsZero():
		return StateNeverPolled
	case s.ConsecutiveErrors > 0:
		return StateFailing
	default:
		return StateOK
	}
}

// utc returns t in UTC, keeping the zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// serveFeeds answers the feeds' states as a JSON array.
func (s *Server) serveFeeds(w http.ResponseWriter, r *http.Request) {
	rows, err := FeedStatuses(s.o.States, s.o.DB.Coverage, s.o.Feeds())
	if err != nil {
		s.o.Logger.Error("serve /feeds", "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, PathFeeds, rows)
}

// Feeds returns the daemon's GET /feeds, waiting at most answerTimeout.
func (c *Client) Feeds(ctx context.Context) ([]FeedStatus, error) {
	var rows []FeedStatus
	return rows, c.getJSON(ctx, PathFeeds, nil, &rows)
}
