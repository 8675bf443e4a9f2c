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

	"github.com/depeche-archiver/depeche/crawler"
	"github.com/depeche-archiver/depeche/crawler/clean"
)

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "[-config FILE] [-url URL] [-text] FILE|URL",
		"Cleans one page, exactly as the crawler does, and prints the article as JSON\n"+
			"(or its body text with -text). A FILE is read as fetched bytes; -url gives the\n"+
			"address it came from, which picks the site rules and resolves links.", stderr)
	cfgPath := configFlag(fs)
	pageURL := fs.String("url", "", "the `URL` the FILE was fetched from")
	textOnly := fs.Bool("text", false, "print only the body text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usagef("extract takes one FILE or URL")
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	cl, err := clean.New(cfg.Rules())
	if err != nil {
		return fmt.Errorf("site rules: %w", err)
	}
	page, err := loadPage(ctx, fs.Arg(0), *pageURL, crawlerOptions(cfg, slog.New(slog.NewTextHandler(stderr, nil))))
	if err != nil {
		return err
	}
	art, err := cl.Clean(page)
	if err != nil {
		return fmt.Errorf("extract %s: %w", page.URL, err)
	}
	return printArticle(stdout, art, *textOnly)
}

// loadPage reads the page from a file or fetches it like the crawler.
func loadPage(ctx context.Context, arg, pageURL string, o crawler.Options) (clean.Page, error) {
	if strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://") {
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

func printArticle(w io.Writer, a *clean.Article, textOnly bool) error {
	if textOnly {
		_, err := fmt.Fprintln(w, a.Text)
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(a)
}
