package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/internal/atomicfile"
	"github.com/depeche-archiver/depeche/store"
)

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "[-config FILE] [-url URL] [-text] [-out DIR] FILE|URL...",
		"Cleans pages exactly as the crawler does and prints each as the export record\n"+
			"the archive would hold (or its body text with -text). A FILE is read as fetched\n"+
			"bytes; -url gives the address it came from, which picks the site rules and\n"+
			"resolves links (with many FILEs, the address of them all). With -out, many\n"+
			"pages are cleaned in one process, each written to DIR/NAME.json (or .txt).", stderr)
	cfgPath := configFlag(fs)
	pageURL := fs.String("url", "", "the `URL` the FILE was fetched from")
	textOnly := fs.Bool("text", false, "print only the body text")
	outDir := fs.String("out", "", "write one file per page into `DIR` instead of printing")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 || (fs.NArg() > 1 && *outDir == "") {
		fs.Usage()
		return usagef("extract takes one FILE or URL, or many with -out DIR")
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	cl, err := clean.New(cfg.Rules())
	if err != nil {
		return fmt.Errorf("site rules: %w", err)
	}
	x := &extractor{
		cleaner:  cl,
		fetch:    crawlerOptions(cfg, slog.New(slog.NewTextHandler(stderr, logOptions(nil)))),
		pageURL:  *pageURL,
		textOnly: *textOnly,
		now:      time.Now,
	}
	if *outDir == "" {
		return x.extract(ctx, fs.Arg(0), stdout)
	}
	return x.extractAll(ctx, fs.Args(), *outDir, stderr)
}

// extractor cleans pages for the extract command.
type extractor struct {
	cleaner  *clean.Cleaner
	fetch    crawler.Options
	pageURL  string // the address of the FILEs, "" for their file: URL
	textOnly bool
	now      func() time.Time
}

// extract cleans the page arg names and writes it to w.
func (x *extractor) extract(ctx context.Context, arg string, w io.Writer) error {
	page, err := loadPage(ctx, arg, x.pageURL, x.fetch)
	if err != nil {
		return err
	}
	fetched := x.now()
	art, err := x.cleaner.Clean(page)
	if err != nil {
		return fmt.Errorf("extract %s: %w", page.URL, err)
	}
	if x.textOnly {
		_, err := fmt.Fprintln(w, art.Text)
		return err
	}
	rec := store.RecordOf(crawler.ExtractedArticle(page, art, x.cleaner.Fingerprint(), fetched))
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(rec)
}

// extractAll cleans every page of args into a file of its own in dir. A
// page that fails is reported on stderr and the others go on; the error
// counts the failures.
func (x *extractor) extractAll(ctx context.Context, args []string, dir string, stderr io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	ext := ".json"
	if x.textOnly {
		ext = ".txt"
	}
	failed := 0
	for i, name := range outputNames(args, ext) {
		if err := ctx.Err(); err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		err := atomicfile.WriteFile(path, 0o644, func(w io.Writer) error { return x.extract(ctx, args[i], w) })
		if err != nil {
			failed++
			fmt.Fprintf(stderr, "%s: %v\n", args[i], err)
			continue
		}
		fmt.Fprintf(stderr, "%s -> %s\n", args[i], path)
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d of %d pages failed", failed, len(args))
	}
	return nil
}

// outputNames names the output file of each page: the file's base name
// or the URL's last path segment, ext instead of its extension, with a
// number added when two pages would share a name.
func outputNames(args []string, ext string) []string {
	names := make([]string, len(args))
	used := make(map[string]bool, len(args))
	for i, arg := range args {
		stem := pageStem(arg)
		name := stem + ext
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		used[name] = true
		names[i] = name
	}
	return names
}

// pageStem is the name of the page arg gives, without its extension.
func pageStem(arg string) string {
	base := filepath.Base(arg)
	if isURL(arg) {
		if u, err := url.Parse(arg); err == nil {
			base = pathBase(u)
		}
	}
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if stem == "" || stem == "." || stem == "/" {
		return "page"
	}
	return stem
}

// pathBase is the last segment of u's path, or its host.
func pathBase(u *url.URL) string {
	p := strings.TrimRight(u.Path, "/")
	if p == "" {
		return u.Hostname()
	}
	return p[strings.LastIndex(p, "/")+1:]
}

// isURL reports whether arg is a page to fetch rather than a file.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// loadPage reads the page from a file or fetches it like the crawler.
func loadPage(ctx context.Context, arg, pageURL string, o crawler.Options) (clean.Page, error) {
	if isURL(arg) {
		return crawler.FetchPage(ctx, arg, o)
	}
	body, err := os.ReadFile(arg)
	if err != nil {
		return clean.Page{}, fmt.Errorf("extract: %w", err)
	}
	if pageURL == "" {
		abs, err := filepath.Abs(arg)
		if err != nil {
			return clean.Page{}, fmt.Errorf("extract: %w", err)
		}
		pageURL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	}
	return clean.Page{URL: pageURL, Body: body}, nil
}
