package clean

import (
	"fmt"
	"testing"
)

// BenchmarkCleanSize cleans generated pages of 0.1, 1 and 10 MB of two
// shapes: "teasers" (a short article, then teaser blocks, scripts, styles,
// comments and icons) and "paragraphs" (one long run of paragraphs).
// Time and allocation per byte stay flat or fall as pages grow: past the
// extraction budget, a page is cut down before extraction.
func BenchmarkCleanSize(b *testing.B) {
	c := builtinCleaner(b)
	shapes := []struct {
		name string
		gen  func(int) []byte
	}{{"teasers", bigPage}, {"paragraphs", longPage}}
	for _, sh := range shapes {
		for _, kb := range []int{100, 1000, 10000} {
			body := sh.gen(kb * 1000)
			page := Page{URL: "https://quay-gazette.example/city/lanterns", ContentType: "text/html; charset=utf-8", Body: body}
			b.Run(fmt.Sprintf("%s/%dKB", sh.name, kb), func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := c.Clean(page); err != nil {
						b.Fatalf("Clean: %v", err)
					}
				}
			})
		}
	}
}
