package crawler

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// htmlText returns the text of an HTML fragment, such as a feed item's
// description, on one line: feedText's paragraphs joined, white space
// collapsed.
func htmlText(fragment string) string {
	return strings.Join(strings.Fields(feedText(fragment)), " ")
}

// htmlLinks returns the absolute links of an HTML page as items, each
// once, in page order.
func htmlLinks(page []byte, base *url.URL) []Item {
	z := html.NewTokenizer(bytes.NewReader(page))
	seen := map[string]bool{}
	var items []Item
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if string(name) != "a" || !hasAttr {
			continue
		}
		if href := hrefOf(z); href != "" {
			if link := resolve(base, href); !seen[link] {
				seen[link] = true
				items = append(items, Item{Link: link})
			}
		}
	}
	return items
}

func hrefOf(z *html.Tokenizer) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == "href" {
			return strings.TrimSpace(string(v))
		}
		if !more {
			return ""
		}
	}
}
