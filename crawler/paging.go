package crawler

import (
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
)

// pagingLinks returns a feed document's links by relation, for the RFC
// 5005 ones: "prev-archive" (archived feeds) and "next" (paged feeds). In
// Atom they are <link rel>; in RSS, <atom:link rel>.
func pagingLinks(f *gofeed.Feed) map[string]string {
	out := map[string]string{}
	switch orig := f.OriginalFeed().(type) {
	case *atom.Feed:
		for _, l := range orig.Links {
			addLink(out, l.Rel, l.Href)
		}
	case *rss.Feed:
		for _, l := range orig.Extensions["atom"]["link"] {
			addLink(out, l.Attrs["rel"], l.Attrs["href"])
		}
	}
	return out
}

func addLink(links map[string]string, rel, href string) {
	if (rel == "prev-archive" || rel == "next") && href != "" && links[rel] == "" {
		links[rel] = href
	}
}
