package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// validateBackfill checks a feed's backfill settings.
func validateBackfill(key string, b *Backfill) error {
	for i, s := range b.Strategies {
		if !slices.Contains([]string{"archive", "pages", "sitemap"}, s) {
			return fieldErr(fmt.Sprintf("%s.strategies[%d]", key, i), "%q is not a strategy (archive, pages or sitemap)", s)
		}
	}
	if b.PageTemplate != "" && (!strings.Contains(b.PageTemplate, "{n}") || checkURL(b.PageTemplate) != nil) {
		return fieldErr(key+".page_template", "%s must be an http(s) URL with {n} for the page number", quoteURL(b.PageTemplate))
	}
	for i, u := range b.Sitemaps {
		if err := checkURL(u); err != nil {
			return fieldErr(fmt.Sprintf("%s.sitemaps[%d]", key, i), "%w", err)
		}
	}
	if m := b.MonthlySitemap; m != "" && (!strings.Contains(m, "{yyyy}") || !strings.Contains(m, "{mm}") || checkURL(m) != nil) {
		return fieldErr(key+".monthly_sitemap", "%s must be an http(s) URL with {yyyy} and {mm}", quoteURL(m))
	}
	if _, err := regexp.Compile(b.Match); err != nil {
		return fieldErr(key+".match", "%v", err)
	}
	return nil
}
