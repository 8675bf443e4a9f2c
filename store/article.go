package store

import "time"

// Article is one archived article as the store keeps it.
type Article struct {
	ID           uint64   // assigned by Save; increases in archive order
	URL          string   // the page's final URL after redirects
	CanonicalURL string   // the identity URL: lower-case scheme and host, no tracking parameters, sorted query
	Feeds        []string // names of every feed the article was seen in, in order of first sighting
	GUID         string   // the GUID of the first feed item that led to it (may be empty)
	Title        string
	Lead         string
	Author       string
	Published    time.Time // zero when unknown
	Fetched      time.Time // when the page was fetched
	Language     string
	Section      string
	Tags         []string
	Images       []Image
	Text         string
	ContentHash  string    // "sha256:<hex>" of Text; set by Save when empty
	Extractor    string    // what produced the text, from the cleaner
	Cleaner      string    // the cleaner version that produced the text
	Rules        string    // fingerprint of the site rules the text was cleaned with
	CaptureHash  string    // "sha256:<hex>" of the stored capture; set by Save and Revise
	Revision     int       // 1 for the version first archived, one more per change (see Revise)
	Revised      time.Time // when this version replaced the previous one; zero for revision 1
	Reason       string    // why this version replaced the previous one, e.g. "reclean"
	Changed      []string  // the export fields that differ from the previous version
	Cursor       uint64    // the export cursor of the archive or change that made this version
	Cluster      uint64    // the id of the first article of its near-duplicate cluster; 0 when alone
	// Source is where the text came from: SourcePage, or SourceFeed when
	// the page could not be had and the feed's own content stands in.
	Source string
	// Page says, for an article from the feed, why its page is not there.
	Page       *PageOutcome
	Enclosures []Enclosure // the files the feed item carries
	// Withdrawn is when a revisit first found the page gone (404, 410) or
	// redirected away to a page that is no article; zero while it is
	// there. WithdrawnStatus is the HTTP status that said so. Text and
	// capture stay; a later revisit that finds the page clears both.
	Withdrawn       time.Time
	WithdrawnStatus int
	// RevisitAt is an input to Save, not stored in the article: when set,
	// a new article is put on the revisit schedule, first due then, with
	// its capture's validators.
	RevisitAt time.Time
	// Capture is the raw page the article was cleaned from. Save stores it
	// apart, compressed; reading an article does not load it.
	Capture *Capture
}

// Image is one picture of an article.
type Image struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

// FeedState is what the archive remembers about one feed between polls.
type FeedState struct {
	Name              string
	URL               string    // the URL polled: ConfigURL, or where it moved permanently
	ConfigURL         string    // the URL in the config when the state was written
	LastPoll          time.Time // last attempt, whatever its outcome
	LastSuccess       time.Time
	NextCheck         time.Time
	ETag              string
	LastModified      string
	ConsecutiveErrors int
	LastError         string
	LastErrorKind     string        // the class of the last error, e.g. "rate_limited"
	Interval          time.Duration // the interval the scheduler settled on at the last success
	RedirectURL       string        // where the feed was last permanently redirected
	Redirects         int           // consecutive polls permanently redirected to RedirectURL
	Articles          int           // articles first archived through this feed
}

// Sources of an article's text.
const (
	SourcePage = "page" // the page the item links to, cleaned
	SourceFeed = "feed" // the feed item's own content (or summary), its markup dropped
)

// Page statuses of an article from the feed.
const (
	PageUnavailable = "unavailable" // a permanent failure: gone, refused, not an article page
	PageFailing     = "failing"     // failures that may pass, until the tries ran out
	PageNone        = "none"        // the item links to no page
)

// PageOutcome is why an article from the feed has no page: the last try
// to fetch it.
type PageOutcome struct {
	Status     string    `json:"status"`                // PageUnavailable, PageFailing or PageNone
	HTTPStatus int       `json:"http_status,omitempty"` // of the last answer; 0 when none came
	Reason     string    `json:"reason,omitempty"`      // the kind of failure: not_found, robots, timeout...
	Tries      int       `json:"tries"`                 // fetches tried
	LastTry    time.Time `json:"last_try,omitzero"`
}
