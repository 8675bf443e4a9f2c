package crawler

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"github.com/depeche-archiver/depeche/store"
)

// Item is one entry of a feed, as the archiver needs it.
type Item struct {
	GUID        string
	Link        string // absolute
	Title       string
	Description string // HTML as the feed gives it
	Content     string // the full text as HTML, when the feed carries it
	Author      string
	Categories  []string
	Enclosures  []store.Enclosure
	Published   time.Time
	Updated     time.Time // when the feed says the item last changed; zero when it does not
}

// parsedFeed is what the poller needs of a parsed feed.
type parsedFeed struct {
	items []Item
	floor time.Duration // from <ttl> or sy:updatePeriod / sy:updateFrequency
	// prevArchive and next are the RFC 5005 links to the previous archive
	// document and the next page, absolute; "" when absent.
	prevArchive, next string
}

// parseFeed parses RSS, Atom or JSON Feed bytes, resolving item links
// against base.
func parseFeed(body []byte, base *url.URL) (parsedFeed, error) {
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(body))
	if err != nil {
		return parsedFeed{}, err
	}
	out := parsedFeed{items: make([]Item, 0, len(f.Items)), floor: feedFloor(f)}
	links := pagingLinks(f)
	out.prevArchive, out.next = resolve(base, links["prev-archive"]), resolve(base, links["next"])
	for _, it := range f.Items {
		out.items = append(out.items, toItem(it, base))
	}
	return out, nil
}

func toItem(it *gofeed.Item, base *url.URL) Item {
	item := Item{
		GUID:        strings.TrimSpace(it.GUID),
		Link:        resolve(base, itemLink(it)),
		Title:       strings.TrimSpace(it.Title),
		Description: it.Description,
		Content:     it.Content,
		Author:      itemAuthor(it),
		Categories:  it.Categories,
		Enclosures:  itemEnclosures(it, base),
	}
	item.Published = itemTime(it.Published, it.PublishedParsed)
	item.Updated = laterOf(itemTime(it.Updated, it.UpdatedParsed), dcModified(it))
	if item.Published.IsZero() {
		item.Published = item.Updated
	}
	if !item.Updated.After(item.Published) {
		item.Updated = time.Time{} // never updated since publication
	}
	return item
}

// dcModified is the item's dc:modified or dcterms:modified date, which
// gofeed reads as an extension only; zero when it has none that parses.
func dcModified(it *gofeed.Item) time.Time {
	for _, prefix := range []string{"dcterms", "dc"} {
		for _, e := range it.Extensions[prefix]["modified"] {
			v := strings.TrimSpace(e.Value)
			for _, layout := range []string{time.RFC3339Nano, time.RFC1123Z, time.RFC1123} {
				if t, err := time.Parse(layout, v); err == nil {
					return t
				}
			}
		}
	}
	return time.Time{}
}

// itemAuthor is the name of the item's first author, "" when none.
func itemAuthor(it *gofeed.Item) string {
	for _, a := range it.Authors {
		if a != nil && strings.TrimSpace(a.Name) != "" {
			return strings.TrimSpace(a.Name)
		}
	}
	if it.Author != nil {
		return strings.TrimSpace(it.Author.Name)
	}
	return ""
}

// itemEnclosures are the files the item carries, their URLs absolute; a
// length that is not a number is left out.
func itemEnclosures(it *gofeed.Item, base *url.URL) []store.Enclosure {
	var out []store.Enclosure
	for _, e := range it.Enclosures {
		if e == nil || strings.TrimSpace(e.URL) == "" {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(e.Length), 10, 64) // a length is advisory
		out = append(out, store.Enclosure{URL: resolve(base, strings.TrimSpace(e.URL)), Type: strings.TrimSpace(e.Type), Length: max(n, 0)})
	}
	return out
}

// itemTime is the item's date with the zone the feed wrote it in: gofeed
// converts parsed dates to UTC, and a VNA "+0700" belongs in the archive.
func itemTime(raw string, parsed *time.Time) time.Time {
	if parsed == nil {
		return time.Time{}
	}
	raw = strings.TrimSpace(raw)
	for _, layout := range []string{time.RFC1123Z, time.RFC3339Nano, "Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700"} {
		if t, err := time.Parse(layout, raw); err == nil && t.Equal(*parsed) {
			return t
		}
	}
	return *parsed
}

// itemLink is the item's link, or its GUID when that is a URL and the
// link is missing (RSS permalinks).
func itemLink(it *gofeed.Item) string {
	if l := strings.TrimSpace(it.Link); l != "" {
		return l
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	g := strings.TrimSpace(it.GUID)
	if strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

func resolve(base *url.URL, ref string) string {
	if ref == "" {
		return ""
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// rssTTL returns the <ttl> of an RSS feed, "" for other kinds.
func rssTTL(f *gofeed.Feed) string {
	if r, ok := f.OriginalFeed().(*rss.Feed); ok {
		return r.TTL
	}
	return ""
}
