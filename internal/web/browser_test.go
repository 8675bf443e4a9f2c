package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotDir is where the browser check leaves a screenshot of each
// page it loads; DEPECHE_SCREENSHOTS names another. It is not committed.
const screenshotDir = "screenshots"

// browserContext starts headless Chromium for the test, or skips it when
// the browser is not installed.
func browserContext(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the browser check starts Chromium")
	}
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("Chromium not found: install the Debian package chromium (.ci/run does) to run the browser check")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser: no timeout on it
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// TestInBrowser loads every page type in headless Chromium, checks what
// it shows, and saves a screenshot of each.
func TestInBrowser(t *testing.T) {
	ctx := browserContext(t)
	s := newSite(t)
	dir := os.Getenv("DEPECHE_SCREENSHOTS")
	if dir == "" {
		dir = screenshotDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatUint(s.revised, 10)
	tests := []struct {
		name, path string
		checks     map[string]string // CSS selector: text the element shows
	}{
		{"feeds", "/", map[string]string{"tr.feed td a": "quotidien", "tr.feed + tr.feed td a": "courier", "td.state-failing": "failing"}},
		{"articles", "/articles", map[string]string{"li.article a.title": "From the feed", "h1": "Articles"}},
		{"article", "/articles/" + id, map[string]string{"p.withdrawn": "Withdrawn", ".text p + p": "Les élections municipales suivront en mars.",
			".diff ins": "mardi.", ".diff del": "lundi.", "pre.record": `"schema"`}},
		{"search", "/search?q=%C3%A9lection", map[string]string{"li.hit mark": "élections", "p.total": "1 articles match"}},
		{"login", "/login?next=/", map[string]string{"h1": "Token required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.Navigate(s.url+tt.path)); err != nil {
				t.Fatal(err)
			}
			for sel, want := range tt.checks {
				got, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
				if err != nil {
					t.Errorf("%s: %v", sel, err)
					continue
				}
				if !strings.Contains(got, want) {
					t.Errorf("%s shows %q, want %q in it", sel, got, want)
				}
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, tt.name+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
