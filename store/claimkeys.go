package store

import (
	"encoding/hex"
	"encoding/json"
	"strings"
)

// ClaimKeys returns the identity keys of a feed item as the archive
// matches them, before its page is fetched: its link normalised and, when
// it has a GUID, the feed and GUID. A link that is no absolute http(s) URL
// gives no key of its own.
func ClaimKeys(feed, guid, link string) []string {
	var keys []string
	if u, err := normalizeURL(link); err == nil {
		keys = append(keys, "url "+u)
	}
	if guid != "" {
		raw, _ := json.Marshal([2]string{feed, guid}) // strings always marshal
		keys = append(keys, "guid "+string(raw))
	}
	return keys
}

// TextClaimKey is the identity key of an article's text, known once its
// page is fetched: the content hash Save matches duplicates by. "" when
// the text is empty, which Save never takes for a duplicate.
func TextClaimKey(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	return "text " + contentHash(text)
}

// ItemID names a feed item as the ledger keys it (GUID, else link, else
// title and content), in characters any key-value store takes: the hex of
// its feed's part, a dot, the hex of its own. Items of one feed share the
// part before the dot, FeedItemsID.
func ItemID(it *Item) string {
	k := itemKey(it)
	return hex.EncodeToString(k[:8]) + "." + hex.EncodeToString(k[8:])
}

// FeedItemsID is the part of ItemID that the items of feed share.
func FeedItemsID(feed string) string {
	return hex.EncodeToString(feedPrefix(feed))
}
