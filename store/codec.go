package store

import (
	"encoding/json"
	"fmt"
	"time"
)

// storedArticle is the storage encoding of Article (schema 2 added the
// fields from Rules on; schema 1 records decode with them empty). It is kept
// apart from Article so that renaming a field of Article cannot silently
// change what the file holds.
type storedArticle struct {
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Feeds        []string  `json:"feeds"`
	GUID         string    `json:"guid,omitempty"`
	Title        string    `json:"title,omitempty"`
	Lead         string    `json:"lead,omitempty"`
	Author       string    `json:"author,omitempty"`
	Published    time.Time `json:"published,omitzero"`
	Fetched      time.Time `json:"fetched,omitzero"`
	Language     string    `json:"language,omitempty"`
	Section      string    `json:"section,omitempty"`
	Tags         []string  `json:"tags,omitempty"`
	Images       []Image   `json:"images,omitempty"`
	Text         string    `json:"text,omitempty"`
	ContentHash  string    `json:"content_hash"`
	Extractor    string    `json:"extractor,omitempty"`
	Cleaner      string    `json:"cleaner,omitempty"`
	Rules        string    `json:"rules,omitempty"`
	CaptureHash  string    `json:"capture_hash,omitempty"`
	Revision     int       `json:"revision,omitempty"`
	Revised      time.Time `json:"revised,omitzero"`
	Reason       string    `json:"reason,omitempty"`
	Changed      []string  `json:"changed,omitempty"`
	Cursor       uint64    `json:"cursor,omitempty"`
	Cluster      uint64    `json:"cluster,omitempty"`
	// Schema 4.
	Source     string       `json:"source,omitempty"` // "" is SourcePage
	Page       *PageOutcome `json:"page,omitempty"`
	Enclosures []Enclosure  `json:"enclosures,omitempty"`
	// Schema 5.
	Withdrawn       time.Time `json:"withdrawn,omitzero"`
	WithdrawnStatus int       `json:"withdrawn_status,omitempty"`
}

// encodeArticle returns the stored form of a; the id is the record's key.
func encodeArticle(a *Article) ([]byte, error) {
	s := storedArticle{
		URL: a.URL, CanonicalURL: a.CanonicalURL, Feeds: a.Feeds, GUID: a.GUID,
		Title: a.Title, Lead: a.Lead, Author: a.Author,
		Published: a.Published, Fetched: a.Fetched,
		Language: a.Language, Section: a.Section, Tags: a.Tags, Images: a.Images,
		Text: a.Text, ContentHash: a.ContentHash, Extractor: a.Extractor, Cleaner: a.Cleaner,
		Rules: a.Rules, CaptureHash: a.CaptureHash, Revision: a.Revision, Revised: a.Revised,
		Reason: a.Reason, Changed: a.Changed, Cursor: a.Cursor, Cluster: a.Cluster,
		Page: a.Page, Enclosures: a.Enclosures, Withdrawn: a.Withdrawn, WithdrawnStatus: a.WithdrawnStatus,
	}
	if a.Source != SourcePage {
		s.Source = a.Source
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return raw, nil
}

// decodeArticle decodes the stored form of article id. It copies everything
// out of raw, so the result outlives the transaction raw came from. The
// form json.Marshal writes is read by storedArticle.scan, several times
// faster than json.Unmarshal (an export decodes every article); any other
// goes to json.Unmarshal.
func decodeArticle(id uint64, raw []byte) (*Article, error) {
	var s storedArticle
	if !s.scan(raw) {
		s = storedArticle{}
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
	}
	if s.Revision == 0 {
		s.Revision = 1 // written by schema 1, which kept no revisions
	}
	if s.Source == "" {
		s.Source = SourcePage // every article before schema 4, and most after
	}
	return &Article{
		ID: id, URL: s.URL, CanonicalURL: s.CanonicalURL, Feeds: s.Feeds, GUID: s.GUID,
		Title: s.Title, Lead: s.Lead, Author: s.Author,
		Published: s.Published, Fetched: s.Fetched,
		Language: s.Language, Section: s.Section, Tags: s.Tags, Images: s.Images,
		Text: s.Text, ContentHash: s.ContentHash, Extractor: s.Extractor, Cleaner: s.Cleaner,
		Rules: s.Rules, CaptureHash: s.CaptureHash, Revision: s.Revision, Revised: s.Revised,
		Reason: s.Reason, Changed: s.Changed, Cursor: s.Cursor, Cluster: s.Cluster,
		Source: s.Source, Page: s.Page, Enclosures: s.Enclosures,
		Withdrawn: s.Withdrawn, WithdrawnStatus: s.WithdrawnStatus,
	}, nil
}

// storedFeedState is the storage encoding of FeedState in schema 1.
type storedFeedState struct {
	Name              string        `json:"name"`
	URL               string        `json:"url,omitempty"`
	ConfigURL         string        `json:"config_url,omitempty"`
	LastPoll          time.Time     `json:"last_poll,omitzero"`
	LastSuccess       time.Time     `json:"last_success,omitzero"`
	NextCheck         time.Time     `json:"next_check,omitzero"`
	ETag              string        `json:"etag,omitempty"`
	LastModified      string        `json:"last_modified,omitempty"`
	ConsecutiveErrors int           `json:"consecutive_errors,omitempty"`
	LastError         string        `json:"last_error,omitempty"`
	LastErrorKind     string        `json:"last_error_kind,omitempty"`
	Interval          time.Duration `json:"interval,omitempty"`
	RedirectURL       string        `json:"redirect_url,omitempty"`
	Redirects         int           `json:"redirects,omitempty"`
	Articles          int           `json:"articles,omitempty"`
}

// encodeFeedState returns the stored form of s.
func encodeFeedState(s FeedState) ([]byte, error) {
	raw, err := json.Marshal(storedFeedState(s))
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return raw, nil
}

// decodeFeedState decodes a stored feed state, copying it out of raw.
func decodeFeedState(raw []byte) (FeedState, error) {
	var s storedFeedState
	if err := json.Unmarshal(raw, &s); err != nil {
		return FeedState{}, fmt.Errorf("decode: %w", err)
	}
	return FeedState(s), nil
}
