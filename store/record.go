package store

import (
	"slices"
	"time"
)

// RecordSchema names the version of the export record. A change that breaks
// readers of Record gets a new version.
const RecordSchema = "depeche.article/2"

// recordSchemaV1 is the version before the articles from the feed: its
// lines are read as they are (DecodeRecords), with no source.
const recordSchemaV1 = "depeche.article/1"

// Record is one article in the public export format: one JSON object per
// line, a schema of its own, independent of how the archive stores articles.
//
// Times are RFC 3339 strings to the second, in the zone offset the time was
// stored with (the publisher's for Published). Published is omitted when the
// publication date is unknown. Feeds, Tags and Images are arrays, never null.
//
// Fields added within depeche.article/1 (readers of the first fields need
// not change): Cursor, the position of the archive or change that made this
// version, for incremental exports (Export's ExportFilter.After); Revision,
// 1 for the version first archived and one more per change, with Revised,
// RevisionReason and Changed describing the change; Cluster, the id of the
// first article of the near-duplicate cluster the article belongs to,
// omitted when it has no near-duplicate.
//
// depeche.article/2 adds the articles made from the feed itself when their
// page could not be had: Source ("page" or "feed"), Page (for an article
// from the feed, why it has no page), Enclosures (the files the feed item
// carries, omitted when none). An article from the feed whose item had no
// link has an empty URL and CanonicalURL.
//
// Fields added within depeche.article/2: Withdrawn, when a revisit first
// found the page gone or redirected away to a page that is no article,
// and WithdrawnStatus, the HTTP status that said so; both omitted while
// the page is there. A withdrawal and a return are revisions of their
// own, with "withdrawn" among their Changed.
type Record struct {
	Schema       string   `json:"schema"`
	ID           uint64   `json:"id"`
	URL          string   `json:"url"`
	CanonicalURL string   `json:"canonical_url"`
	Feeds        []string `json:"feeds"`
	GUID         string   `json:"guid"`
	Title        string   `json:"title"`
	Lead         string   `json:"lead"`
	Author       string   `json:"author"`
	Published    string   `json:"published,omitempty"`
	Fetched      string   `json:"fetched"`
	Language     string   `json:"language"`
	Section      string   `json:"section"`
	Tags         []string `json:"tags"`
	Images       []Image  `json:"images"`
	Text         string   `json:"text"`
	ContentHash  string   `json:"content_hash"`

	Cursor         uint64   `json:"cursor"`
	Revision       int      `json:"revision"`
	Revised        string   `json:"revised,omitempty"`
	RevisionReason string   `json:"revision_reason,omitempty"`
	Changed        []string `json:"changed,omitempty"`
	Cluster        uint64   `json:"cluster,omitempty"`

	Source     string      `json:"source"`
	Page       *RecordPage `json:"page,omitempty"`
	Enclosures []Enclosure `json:"enclosures,omitempty"`

	Withdrawn       string `json:"withdrawn,omitempty"`
	WithdrawnStatus int    `json:"withdrawn_status,omitempty"`
}

// RecordPage is why an article from the feed has no page, in the export
// record: PageOutcome with its time as the record's other times.
type RecordPage struct {
	Status     string `json:"status"`
	HTTPStatus int    `json:"http_status,omitempty"`
	Reason     string `json:"reason,omitempty"`
	Tries      int    `json:"tries"`
	LastTry    string `json:"last_try,omitempty"`
}

// newRecordPage is p in the record, nil when p is.
func newRecordPage(p *PageOutcome) *RecordPage {
	if p == nil {
		return nil
	}
	return &RecordPage{Status: p.Status, HTTPStatus: p.HTTPStatus, Reason: p.Reason, Tries: p.Tries, LastTry: formatTime(p.LastTry)}
}

// newRecord returns the export record of a.
func newRecord(a *Article) Record {
	return Record{
		Schema:       RecordSchema,
		ID:           a.ID,
		URL:          a.URL,
		CanonicalURL: a.CanonicalURL,
		Feeds:        nonNil(a.Feeds),
		GUID:         a.GUID,
		Title:        a.Title,
		Lead:         a.Lead,
		Author:       a.Author,
		Published:    formatTime(a.Published),
		Fetched:      formatTime(a.Fetched),
		Language:     a.Language,
		Section:      a.Section,
		Tags:         nonNil(a.Tags),
		Images:       nonNil(a.Images),
		Text:         a.Text,
		ContentHash:  a.ContentHash,

		Cursor:         a.Cursor,
		Revision:       a.Revision,
		Revised:        formatTime(a.Revised),
		RevisionReason: a.Reason,
		Changed:        slices.Clone(a.Changed),
		Cluster:        a.Cluster,

		Source:     cmpOr(a.Source, SourcePage),
		Page:       newRecordPage(a.Page),
		Enclosures: slices.Clone(a.Enclosures),

		Withdrawn:       formatTime(a.Withdrawn),
		WithdrawnStatus: a.WithdrawnStatus,
	}
}

// cmpOr is s, or def when s is empty.
func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// formatTime is t in RFC 3339 with its zone offset, or "" when t is zero.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// nonNil returns a copy of s that encodes as [] rather than null when empty.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return slices.Clone(s)
}
