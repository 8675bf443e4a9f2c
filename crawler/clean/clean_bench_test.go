package clean

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkClean cleans fixture pages: one through a site rule, one
// through the generic extractor. The fixtures are small (a few KB); the
// 181 real pages are measured by cmd/cleanbench and cmd/pipebench.
func BenchmarkClean(b *testing.B) {
	c := builtinCleaner(b)
	for _, name := range []string{"vietnamplus-new", "generic-fr"} {
		tc := goldenCaseNamed(b, name)
		body, err := os.ReadFile(filepath.Join(fixtureDir, tc.name+".html"))
		if err != nil {
			b.Fatal(err)
		}
		page := Page{URL: tc.url, ContentType: tc.contentType, Body: body}
		b.Run(name, func(b *testing.B) {
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

// goldenCaseNamed is the golden case of that name.
func goldenCaseNamed(b *testing.B, name string) goldenCase {
	b.Helper()
	for _, tc := range goldenCases {
		if tc.name == name {
			return tc
		}
	}
	b.Fatalf("no golden case %q", name)
	return goldenCase{}
}
