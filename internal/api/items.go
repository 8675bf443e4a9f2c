package api

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// ItemStatus is one feed item and what became of it, as GET /items serves
// it (a JSON array of them) and "status -items -json" prints it. Times are
// UTC and omitted when zero.
type ItemStatus struct {
	Feed  string `json:"feed"`
	State string `json:"state"` // pending, feed, given_up, elsewhere or page
	// Reason is how the last try of its page failed ("not_found",
	// "robots", "network", "no_link"...); "" once the page was archived.
	Reason     string    `json:"reason,omitempty"`
	HTTPStatus int       `json:"http_status,omitempty"` // of the last try's answer
	Tries      int       `json:"tries"`
	LastTry    time.Time `json:"last_try,omitzero"`
	NextTry    time.Time `json:"next_try,omitzero"` // pending: when its page is tried again
	Link       string    `json:"link,omitempty"`
	GUID       string    `json:"guid,omitempty"`
	Title      string    `json:"title,omitempty"`
	FirstSeen  time.Time `json:"first_seen,omitzero"`
	Article    uint64    `json:"article,omitempty"` // the article it became, from its page or the feed
}

// ItemsRequest is a query of GET /items.
type ItemsRequest struct {
	Feed  string // "" for every feed the daemon polls
	State string // "" for the items not archived from their page
}

// itemStates are the states an items query may name, in the order the
// listing gives them.
func itemStates() []string {
	return []string{store.ItemPending, store.ItemFeed, store.ItemGivenUp, store.ItemElsewhere, store.ItemPage}
}

// ItemStatuses returns the items of each feed of fl, in that order, whose
// state is state; state "" gives every item not archived from its page.
// Within a feed the items come by state (pending, feed, given_up,
// elsewhere, page),
// then in the order they were first seen.
func ItemStatuses(db *store.DB, fl []store.Feed, state string) ([]ItemStatus, error) {
	var out []ItemStatus
	for _, f := range fl {
		items, err := db.FeedItems(f.Name, state)
		if err != nil {
			return nil, err
		}
		rows := make([]ItemStatus, 0, len(items))
		for _, it := range items {
			if state != "" || it.Outcome.State != store.ItemPage {
				rows = append(rows, newItemStatus(it))
			}
		}
		slices.SortStableFunc(rows, compareItems)
		out = append(out, rows...)
	}
	return out, nil
}

// newItemStatus is it on the wire.
func newItemStatus(it store.Item) ItemStatus {
	o := it.Outcome
	return ItemStatus{
		Feed: it.Feed, State: o.State, Reason: o.Reason, HTTPStatus: o.HTTPStatus, Tries: o.Tries,
		LastTry: utc(o.LastTry), NextTry: utc(o.NextTry), Link: it.Link, GUID: it.GUID, Title: it.Title,
		FirstSeen: utc(it.FirstSeen), Article: o.Article,
	}
}

// compareItems orders a feed's items by state, then by first sight; the
// link and GUID settle the rest, so that every listing of one archive
// gives the same order.
func compareItems(a, b ItemStatus) int {
	return cmp.Or(
		cmp.Compare(slices.Index(itemStates(), a.State), slices.Index(itemStates(), b.State)),
		a.FirstSeen.Compare(b.FirstSeen),
		strings.Compare(a.Link, b.Link),
		strings.Compare(a.GUID, b.GUID),
	)
}

// serveItems answers the items of the feeds the daemon polls, as a JSON
// array; 400 for a state or feed it does not know.
func (s *Server) serveItems(w http.ResponseWriter, r *http.Request) {
	fl, state, err := s.itemsQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rows, err := ItemStatuses(s.o.DB, fl, state)
	if err != nil {
		s.o.Logger.Error("serve /items", "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, PathItems, rows)
}

// itemsQuery reads the query of GET /items: the feeds it names and the
// state.
func (s *Server) itemsQuery(q url.Values) ([]store.Feed, string, error) {
	state := q.Get("state")
	if state != "" && !slices.Contains(itemStates(), state) {
		return nil, "", &queryError{"state", state, "want " + strings.Join(itemStates(), ", ")}
	}
	fl := s.o.Feeds()
	name := q.Get("feed")
	if name == "" {
		return fl, state, nil
	}
	i := slices.IndexFunc(fl, func(f store.Feed) bool { return f.Name == name })
	if i < 0 {
		return nil, "", &queryError{"feed", name, "not a feed the daemon polls"}
	}
	return fl[i : i+1], state, nil
}

// Items returns the daemon's GET /items for req, waiting at most
// answerTimeout.
func (c *Client) Items(ctx context.Context, req ItemsRequest) ([]ItemStatus, error) {
	q := url.Values{}
	if req.Feed != "" {
		q.Set("feed", req.Feed)
	}
	if req.State != "" {
		q.Set("state", req.State)
	}
	var rows []ItemStatus
	return rows, c.getJSON(ctx, PathItems, q, &rows)
}
