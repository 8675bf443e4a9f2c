package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// results is everything one benchmark run measured.
type results struct {
	articles, feeds, pages int
	rawBytes               int64         // the pages as served, all articles
	mirrorCPU              time.Duration // the mirror's CPU during the end-to-end run
	endToEnd               stage
	limits                 []stage // fetch, clean, store
}

// benchmark runs the end-to-end backfill, then each limit alone, and
// reports them.
func benchmark(ctx context.Context, o options, args []string, m *mirror, cl *clean.Cleaner, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "pipebench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(stderr, "pipebench: keeping", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	r := results{articles: m.articles, feeds: m.feeds(), pages: len(m.corpus.pages), rawBytes: m.rawBytes()}
	fmt.Fprintf(stderr, "pipebench: end to end, %d articles in %d feeds...\n", r.articles, r.feeds)
	if r.endToEnd, r.mirrorCPU, err = endToEnd(ctx, o, dir, m); err != nil {
		return err
	}
	if r.limits, err = limits(ctx, o, dir, m, cl, stderr); err != nil {
		return err
	}
	return report(stdout, o, args, r)
}

// limits measures each part of the pipeline alone.
func limits(ctx context.Context, o options, dir string, m *mirror, cl *clean.Cleaner, stderr io.Writer) ([]stage, error) {
	runs := []struct {
		name string
		fn   func() (stage, error)
	}{
		{"fetch only", func() (stage, error) { return fetchOnly(ctx, o, m) }},
		{"clean only", func() (stage, error) { return cleanOnly(ctx, m, cl) }},
		{"store only", func() (stage, error) { return storeOnly(ctx, o, dir, m, cl) }},
	}
	var out []stage
	for _, r := range runs {
		fmt.Fprintf(stderr, "pipebench: %s...\n", r.name)
		s, err := r.fn()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.name, err)
		}
		out = append(out, s)
	}
	return out, nil
}
