package store

import "time"

// Item states: what became of a feed item.
const (
	// ItemPending: its page is still to be had; NextTry says when it is
	// tried again.
	ItemPending = "pending"
	// ItemPage: archived from its page.
	ItemPage = "page"
	// ItemFeed: archived from the feed's own content, its page being gone,
	// refused or never linked.
	ItemFeed = "feed"
	// ItemGivenUp: neither its page nor content of its own in the feed.
	ItemGivenUp = "given_up"
	// ItemElsewhere: archived by another node of a cluster, in that node's
	// archive; Reason names the node ("node b"). Not a failure: the item
	// is in the cluster's stream once.
	ItemElsewhere = "elsewhere"
)

// Item is one feed item as the archive records it on first sight, before
// any page is fetched: what the feed said of it, and what became of it. A
// crash between sighting and fetching loses nothing of it.
type Item struct {
	Feed       string
	GUID       string
	Link       string // absolute; "" when the item has none
	Title      string
	Summary    string // HTML, as the feed gives it
	Content    string // HTML: content:encoded, Atom content, JSON Feed content_html
	Author     string
	Published  time.Time
	Updated    time.Time
	Categories []string
	Enclosures []Enclosure
	FirstSeen  time.Time
	Outcome    ItemOutcome
}

// Enclosure is a file a feed item carries: a podcast episode, a PDF, an
// image.
type Enclosure struct {
	URL    string `json:"url"`
	Type   string `json:"type,omitempty"`
	Length int64  `json:"length,omitempty"`
}

// ItemOutcome is what became of an item, and of the tries to fetch its
// page.
type ItemOutcome struct {
	State   string // ItemPending, ItemPage, ItemFeed, ItemGivenUp or ItemElsewhere
	Article uint64 // the article it became; 0 while none
	Tries   int    // page fetches tried
	LastTry time.Time
	NextTry time.Time // pending: when its page is tried again
	// HTTPStatus is the status of the last try's answer, 0 when none came.
	HTTPStatus int
	// Reason is the kind of the last failure ("not_found", "robots",
	// "network", "no_link"...); "" once the page was archived.
	Reason string
	// Signal is the feed's latest date for the item (updated, else
	// published) when its page was last fetched again because that date
	// moved; zero until then.
	Signal time.Time
}

// ItemCounts counts a feed's items by state.
type ItemCounts struct {
	Seen    int `json:"seen"`
	Page    int `json:"page"`
	Feed    int `json:"feed"`
	Pending int `json:"pending"`
	GivenUp int `json:"given_up"`
	// Elsewhere counts the items another node of a cluster archived.
	Elsewhere int `json:"elsewhere,omitempty"`
}

// add counts one item in state, n = 1 or -1.
func (c *ItemCounts) add(state string, n int) {
	switch state {
	case ItemPage:
		c.Page += n
	case ItemFeed:
		c.Feed += n
	case ItemPending:
		c.Pending += n
	case ItemGivenUp:
		c.GivenUp += n
	case ItemElsewhere:
		c.Elsewhere += n
	}
}
