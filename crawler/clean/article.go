package clean

import "time"

// Page is one fetched page as the cleaner receives it.
type Page struct {
	// URL is the page's final address, after redirects. It resolves
	// relative links and selects the site rule.
	URL string
	// ContentType is the HTTP Content-Type header, empty when unknown.
	ContentType string
	// Body is the page as fetched, in whatever charset it came in.
	Body []byte
}

// Article is what the cleaner makes of a page.
type Article struct {
	Title        string
	Lead         string
	Author       string
	Published    time.Time // zero when the page gives no date; keeps the page's zone
	Section      string
	Tags         []string
	Images       []Image
	Language     string // BCP 47 primary tag, e.g. "fr"; empty when unknown
	CanonicalURL string // rel=canonical or og:url, absolute; empty when absent
	// Text is the body: paragraphs separated by one blank line, NFC,
	// spaces normalised, valid UTF-8, boilerplate removed.
	Text string
	// Extractor names what produced the text: "rule:<host><path_prefix>",
	// "rule:<host><path_prefix>:generic-fallback" when the rule's body
	// selector matched nothing, or "generic".
	Extractor string
}

// Image is one picture of the article.
type Image struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}
