package store

// FeedItem is what one poll of a feed said about one item, for UsableGUIDs.
type FeedItem struct {
	GUID string
	Link string
}

// UsableGUIDs reports whether a feed's GUIDs can identify its items: none
// of items (one poll's list) has an empty GUID, none is repeated within it,
// and no link of previous (the last poll's list; nil on the first poll)
// comes back under another GUID. When it reports false, the crawler keys
// the feed's items by link alone: it passes "" as the GUID to Seen and
// Save. Links are compared normalised.
func UsableGUIDs(items, previous []FeedItem) bool {
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if it.GUID == "" || seen[it.GUID] {
			return false
		}
		seen[it.GUID] = true
	}
	before := make(map[string]string, len(previous))
	for _, it := range previous {
		before[linkKey(it.Link)] = it.GUID
	}
	for _, it := range items {
		if g, ok := before[linkKey(it.Link)]; ok && it.Link != "" && g != it.GUID {
			return false
		}
	}
	return true
}

// linkKey is the normalised link, or the link as written when it does not
// normalise.
func linkKey(link string) string {
	if u, err := normalizeURL(link); err == nil {
		return u
	}
	return link
}
