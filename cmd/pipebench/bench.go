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

// limitRun is one part of the pipeline measured alone.
type limitRun struct {
	name string // as -limit takes it
	fn   func() (stage, error)
}

// limitRuns are the parts of the pipeline, in the order they are measured.
func limitRuns(ctx context.Context, o options, dir string, m *mirror, cl *clean.Cleaner) []limitRun {
	return []limitRun{
		{"fetch", func() (stage, error) { return fetchOnly(ctx, o, m) }},
		{"clean", func() (stage, error) { return cleanOnly(ctx, m, cl) }},
		{"store", func() (stage, error) { return storeOnly(ctx, o, dir, m, cl) }},
	}
}

// limits measures each part of the pipeline alone.
func limits(ctx context.Context, o options, dir string, m *mirror, cl *clean.Cleaner, stderr io.Writer) ([]stage, error) {
	var out []stage
	for _, r := range limitRuns(ctx, o, dir, m, cl) {
		fmt.Fprintf(stderr, "pipebench: %s only...\n", r.name)
		s, err := r.fn()
		if err != nil {
			return nil, fmt.Errorf("%s only: %w", r.name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// onlyOne runs o.only alone and prints its row: the end-to-end backfill
// (with o.profile as its -cpuprofile), or one limit, under the CPU
// profiler when o.profile is set.
func onlyOne(ctx context.Context, o options, m *mirror, cl *clean.Cleaner, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "pipebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r := results{rawBytes: m.rawBytes()}
	if o.only == "end-to-end" {
		o.childProfile = o.profile
		r.endToEnd, _, err = endToEnd(ctx, o, dir, m)
		if err != nil {
			return err
		}
		writeTable(stdout, r)
		return nil
	}
	for _, run := range limitRuns(ctx, o, dir, m, cl) {
		if run.name != o.only {
			continue
		}
		s, err := profiledLimit(o.profile, run.fn, stderr)
		if err != nil {
			return fmt.Errorf("%s only: %w", run.name, err)
		}
		r.limits = []stage{s}
		writeTable(stdout, r)
		return nil
	}
	return fmt.Errorf("-only %q: want end-to-end, fetch, clean or store", o.only)
}
