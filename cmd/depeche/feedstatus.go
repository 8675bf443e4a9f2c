package main

import (
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/store"
)

// Feed states, as /feeds, status and the depeche_feeds metric name them.
const (
	stateOK          = "ok"           // the last poll read the feed
	stateFailing     = "failing"      // the last poll (and maybe more) failed
	stateNeverPolled = "never_polled" // configured, not polled yet
)

// feedStates lists every state, in the order metrics report them.
func feedStates() []string { return []string{stateOK, stateFailing, stateNeverPolled} }

// feedStatus is one configured feed's state, as the daemon's /feeds
// serves it and "status -json" prints it: one type for both, so the two
// sources give the same rows. Times are UTC and omitted when zero;
// interval is a Go duration ("15m0s").
type feedStatus struct {
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
}

// stateSource reads the feed states: the archive's (*store.DB).FeedStates,
// or in the daemon the crawler's, which adds the polls not yet written.
type stateSource func() ([]store.FeedState, error)

// feedStatuses returns the status of each configured feed, in config
// order, from the states src gives. Feeds the archive knows but the config
// no longer names are left out: nothing polls them.
func feedStatuses(src stateSource, fl []crawler.Feed) ([]feedStatus, error) {
	states, err := src()
	if err != nil {
		return nil, err
	}
	byName := make(map[string]store.FeedState, len(states))
	for _, s := range states {
		byName[s.Name] = s
	}
	rows := make([]feedStatus, 0, len(fl))
	for _, f := range fl {
		rows = append(rows, newFeedStatus(f, byName[f.Name]))
	}
	return rows, nil
}

// newFeedStatus is the status of feed f whose stored state is s (the zero
// state when it was never polled).
func newFeedStatus(f crawler.Feed, s store.FeedState) feedStatus {
	row := feedStatus{
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
	if s.Interval > 0 {
		row.Interval = s.Interval.String()
	}
	return row
}

func stateOf(s store.FeedState) string {
	switch {
	case s.LastPoll.IsZero():
		return stateNeverPolled
	case s.ConsecutiveErrors > 0:
		return stateFailing
	default:
		return stateOK
	}
}

// utc returns t in UTC, keeping the zero time zero.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}
