package clean

import (
	"encoding/json"
	"strings"
)

// ldArticle is what the page's JSON-LD says about its article.
type ldArticle struct {
	published, author, lang, url string
}

// readJSONLD reads one <script type="application/ld+json"> and returns
// the first article object in it (a NewsArticle, Article, BlogPosting,
// ...; at the top, in a list or in an @graph). Broken JSON yields nothing:
// pages ship plenty of it.
func readJSONLD(src string) (ldArticle, bool) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return ldArticle{}, false
	}
	obj := findArticle(v, 0)
	if obj == nil {
		return ldArticle{}, false
	}
	return ldArticle{
		published: ldString(obj["datePublished"], "@value"),
		author:    ldString(obj["author"], "name"),
		lang:      ldString(obj["inLanguage"], "alternateName"),
		url:       firstOf(ldString(obj["mainEntityOfPage"], "@id"), ldString(obj["url"], "")),
	}, true
}

// maxLDDepth bounds the search through nested JSON-LD.
const maxLDDepth = 4

// findArticle returns the first object of an article type in v.
func findArticle(v any, depth int) map[string]any {
	if depth > maxLDDepth {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if a := findArticle(e, depth+1); a != nil {
				return a
			}
		}
	case map[string]any:
		if isArticleType(x["@type"]) {
			return x
		}
		return findArticle(x["@graph"], depth+1)
	}
	return nil
}

// isArticleType reports an @type (a string or a list) naming a kind of
// article: Article, NewsArticle, ReportageNewsArticle, BlogPosting, ...
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "LiveBlogPosting"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldString returns v as one string: v itself, the key field of an
// object, or the names of a list joined by ", ".
func ldString(v any, key string) string {
	switch x := v.(type) {
	case string:
		return normalizeLine(x)
	case map[string]any:
		if key == "" {
			return ""
		}
		return firstOf(ldString(x[key], ""), ldString(x["name"], ""))
	case []any:
		var names []string
		for _, e := range x {
			names = appendUnique(names, ldString(e, key))
		}
		return strings.Join(names, ", ")
	}
	return ""
}
