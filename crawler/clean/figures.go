package clean

import (
	"net/url"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Selectors of a generic page's pictures: a figure and its caption.
var (
	figureBlock   = mustSelectors("figure")
	figureCaption = mustSelectors("figcaption")
)

// mustSelectors compiles a selector list written in this package.
func mustSelectors(s string) selectorList {
	g, err := cascadia.ParseGroup(s)
	if err != nil {
		panic("clean: bad built-in selector " + s + ": " + err.Error())
	}
	return selectorList(g)
}

// articleImages returns the figures of the page's article, with their
// captions and credits. Bare images are left out: on a page no rule
// describes they are as often avatars, logos and teasers as pictures of
// the article. It detaches the figcaptions from doc.
func articleImages(doc *html.Node, base *url.URL) []Image {
	root := articleRoot(doc)
	if root == nil {
		return nil
	}
	var out []Image
	for _, b := range figureBlock.all(root) {
		im, _ := imageFinder{base: base, caption: figureCaption}.fromBlock(b)
		out = appendImage(out, im)
	}
	return out
}

// articleRoot returns the element that holds the article: the page's
// only <article>, else its <main>, else the element marked
// itemprop=articleBody, else nil.
func articleRoot(doc *html.Node) *html.Node {
	var articles []*html.Node
	var main, body *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "article":
				articles = append(articles, n)
			case n.Data == "main" && main == nil:
				main = n
			case body == nil && attr(n, "itemprop") == "articleBody":
				body = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(articles) == 1 {
		return articles[0]
	}
	return firstNode(main, body)
}

// firstNode returns the first non-nil node.
func firstNode(list ...*html.Node) *html.Node {
	for _, n := range list {
		if n != nil {
			return n
		}
	}
	return nil
}
