package clean

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// lazyAttrs hold an image's real address on lazy-loading pages, where
// src is a placeholder; they are tried before src.
var lazyAttrs = []string{"data-src", "data-original", "data-lazy-src", "data-lazy", "data-srcset", "srcset", "src"}

// altGlue matches the alt text old VNA layouts glue before a caption:
// "<title> ảnh 1Caption". Group 1 is the caption's first letter.
var altGlue = regexp.MustCompile(`^.*?\sảnh \d+(\p{Lu})`)

// creditPatterns find a photo credit at the end of a caption, as in
// "(Photo : THX/TTXVN)" or "Photo : VNA"; group 1 is the credit.
var creditPatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\s*\(\s*(?:photos?|ảnh|crédits?(?: photo)?|credits?|source)\s*:\s*([^()]+?)\s*\)\s*$`),
	regexp.MustCompile(`(?i)(?:^|\s+[-–—]?\s*)(?:photos?|ảnh|crédits?(?: photo)?|credits?)\s*:\s*([^():]+?)\s*$`),
}

// fileName matches an image file name leaking as a text line.
var fileName = regexp.MustCompile(`(?i)^\S+\.(jpe?g|png|webp|gif|avif)$`)

// imageFinder collects a body's images.
type imageFinder struct {
	base           *url.URL
	block, caption selectorList
}

// collect returns the images under body in document order, each URL once,
// and the caption elements' text as printed. Caption elements are
// detached: captions are image fields, not text; a paragraph that prints
// one again (new VNA layouts do) is a duplicate for the line filter.
func (f imageFinder) collect(body *html.Node) ([]Image, []string) {
	var out []Image
	var printed []string
	for _, b := range f.block.all(body) {
		im, text := f.fromBlock(b)
		out = appendImage(out, withTextCaption(im, b, body))
		if text != "" {
			printed = append(printed, text)
		}
	}
	for _, img := range selectImgs(body) {
		out = appendImage(out, withTextCaption(Image{URL: imageURL(img, f.base)}, img, body))
	}
	return out, printed
}

// withTextCaption gives an image that has no caption element the text
// line that follows it when that line is a caption ending in a credit in
// parentheses, "(Photo : VNA)". The line stays in the body: it is part of
// the text flow as a reader sees it.
func withTextCaption(im Image, n, body *html.Node) Image {
	if im.Caption != "" || im.Credit != "" || im.URL == "" {
		return im
	}
	line := nextLine(n, body)
	if creditPatterns[0].MatchString(line) {
		im.Caption, im.Credit = splitCredit(line)
	}
	return im
}

// nextLine returns the first text line after n inside body, skipping
// image file names.
func nextLine(n, body *html.Node) string {
	for x := n; x != nil && x != body; x = x.Parent {
		for s := x.NextSibling; s != nil; s = s.NextSibling {
			for _, l := range normalizeLines(blockLines(s)) {
				if !fileName.MatchString(l) {
					return l
				}
			}
		}
	}
	return ""
}

// fromBlock reads one image block: its first img, its caption, and the
// caption's text as printed (without glued alt text).
func (f imageFinder) fromBlock(b *html.Node) (Image, string) {
	imgs := selectImgs(b)
	if len(imgs) == 0 {
		return Image{}, ""
	}
	im := Image{URL: imageURL(imgs[0], f.base)}
	c := f.caption.first(b)
	if c == nil {
		return im, ""
	}
	text := stripAlt(normalizeLine(strings.Join(blockLines(c), " ")), attr(imgs[0], "alt"))
	im.Caption, im.Credit = splitCredit(text)
	detach(c)
	return im, text
}

func selectImgs(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "img" || n.Data == "graphic") {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// appendImage appends im unless it has no URL or its URL is already there.
func appendImage(list []Image, im Image) []Image {
	if im.URL == "" {
		return list
	}
	for _, x := range list {
		if x.URL == im.URL {
			return list
		}
	}
	return append(list, im)
}

// imageURL returns the img's real address, absolute, or "".
func imageURL(img *html.Node, base *url.URL) string {
	for _, key := range lazyAttrs {
		v := attr(img, key)
		if strings.HasSuffix(key, "srcset") {
			v = firstSrcset(v)
		}
		if v == "" || strings.HasPrefix(v, "data:") || placeholder(v) {
			continue
		}
		if u := absURL(base, v); u != "" {
			return u
		}
	}
	return ""
}

func firstSrcset(v string) string {
	first, _, _ := strings.Cut(v, ",")
	fields := strings.Fields(first)
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}

// placeholder reports the stand-in images of lazy loaders.
func placeholder(v string) bool {
	v = strings.ToLower(v)
	for _, s := range []string{"placeholder", "blank.gif", "spacer.gif", "pixel.gif", "lazy.", "loading."} {
		if strings.Contains(v, s) {
			return true
		}
	}
	return false
}

// stripAlt removes the alt text glued (no space between) before a
// caption: the caption proper then starts with a capital letter right
// after the alt text. A caption that merely begins like its alt text
// ("Le tramway" / "Le tramway, le 29 avril.") is left alone.
func stripAlt(caption, alt string) string {
	alt = normalizeLine(alt)
	if rest, ok := strings.CutPrefix(caption, alt); ok && alt != "" && startsUpper(rest) {
		return rest
	}
	return altGlue.ReplaceAllString(caption, "$1")
}

// splitCredit separates a caption from the photo credit at its end.
func splitCredit(caption string) (text, credit string) {
	for _, re := range creditPatterns {
		if m := re.FindStringSubmatchIndex(caption); m != nil {
			credit = caption[m[2]:m[3]]
			return strings.TrimSpace(caption[:m[0]]), credit
		}
	}
	return caption, ""
}

// startsUpper reports whether s begins with an upper-case letter.
func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
