package api

import "github.com/depeche-archiver/depeche/store"

// ItemCounts counts a feed's items by what became of them: seen at all,
// archived from their page, archived from the feed's own content, pending
// another try of their page, given up, archived by another node of a
// cluster. It is the wire's own type, so that
// the archive's encoding can change without changing /feeds.
type ItemCounts struct {
	Seen    int `json:"seen"`
	Page    int `json:"page"`
	Feed    int `json:"feed"`
	Pending int `json:"pending"`
	GivenUp int `json:"given_up"`
	// Elsewhere: archived by another node of a cluster; absent alone.
	Elsewhere int `json:"elsewhere,omitempty"`
}

// CoverageSource reads what became of the feeds' items, by feed name: the
// archive's (*store.DB).Coverage, in the daemon as outside it, since the
// crawler writes each item's outcome as it happens.
type CoverageSource func() (map[string]store.Coverage, error)

// itemCounts is c on the wire.
func itemCounts(c store.ItemCounts) ItemCounts {
	return ItemCounts{Seen: c.Seen, Page: c.Page, Feed: c.Feed, Pending: c.Pending, GivenUp: c.GivenUp,
		Elsewhere: c.Elsewhere}
}

// plus is c and d added up.
func (c ItemCounts) plus(d ItemCounts) ItemCounts {
	return ItemCounts{Seen: c.Seen + d.Seen, Page: c.Page + d.Page, Feed: c.Feed + d.Feed,
		Pending: c.Pending + d.Pending, GivenUp: c.GivenUp + d.GivenUp, Elsewhere: c.Elsewhere + d.Elsewhere}
}

// stateCount is one label of depeche_items and its value.
type stateCount struct {
	state string
	count int
}

// byState lists c under the labels of depeche_items, in the order metrics
// report them.
func (c ItemCounts) byState() []stateCount {
	return []stateCount{{"seen", c.Seen}, {store.ItemPage, c.Page}, {store.ItemFeed, c.Feed},
		{store.ItemPending, c.Pending}, {store.ItemGivenUp, c.GivenUp}, {store.ItemElsewhere, c.Elsewhere}}
}
