package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// warmup is how many queries run before the timed ones.
const warmup = 50

// figures are what one run measured.
type figures struct {
	n                     int
	build                 time.Duration
	readRate, rebuildRate float64 // articles/s
	readCPU, rebuildCPU   float64 // articles per CPU second: less hurt by other processes
	textBytes, indexBytes int64
	queries               int
	p50, p99, mean        time.Duration
	pageP50, pageP99      time.Duration // the baseline: reading a page's hits from the archive
	meanHits              float64
	mem                   childReport
}

// measureAll builds (or reuses) the archive and measures everything.
func measureAll(ctx context.Context, o options, args []string, stdout, stderr io.Writer) error {
	c, err := loadCorpus(o.pages)
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "searchbench"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, "archive.db")
	f := figures{n: o.n, queries: o.queries}
	if !o.reuse {
		for _, p := range []string{path, store.CapturesPath(path), search.Path(path)} {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "building an archive of %d articles in %s\n", o.n, path)
		start := time.Now()
		if err := buildStaged(ctx, path, o.stage, c, o.n, start); err != nil {
			return err
		}
		f.build = time.Since(start)
	}
	qs := c.queries(o.queries + warmup)
	if err := os.WriteFile(path+".queries", []byte(strings.Join(qs, "\n")), 0o644); err != nil {
		return err
	}
	if err := measureArchive(ctx, path, o.profile, qs, &f, stderr); err != nil {
		return err
	}
	if f.mem, err = runChildProcess(ctx, path, len(qs)); err != nil {
		return err
	}
	return report(stdout, o, args, f)
}

// measureArchive measures reading, rebuilding, size and queries.
func measureArchive(ctx context.Context, path, profile string, qs []string, f *figures, stderr io.Writer) error {
	db, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	u0, _ := bench.SelfUsage()
	if f.n, f.readRate, f.textBytes, err = readAll(db); err != nil {
		return err
	}
	u1, _ := bench.SelfUsage()
	fmt.Fprintf(stderr, "archive read: %.0f articles/s; rebuilding the index\n", f.readRate)
	ix, err := search.Create(search.Path(path))
	if err != nil {
		return err
	}
	stopProfile, err := bench.StartProfile(profile)
	if err != nil {
		return err
	}
	start := time.Now()
	n, err := ix.CatchUp(ctx, db, func(n int) {
		if n%10_000 == 0 {
			fmt.Fprintf(stderr, "  %d indexed (%.0f/s)\n", n, float64(n)/time.Since(start).Seconds())
		}
	})
	took := time.Since(start)
	u2, _ := bench.SelfUsage()
	if err = errors.Join(err, ix.Close(), stopProfile()); err != nil {
		return err
	}
	f.rebuildRate = float64(n) / took.Seconds()
	f.readCPU = float64(n) / max(u1.CPU-u0.CPU, 1).Seconds()
	f.rebuildCPU = float64(n) / max(u2.CPU-u1.CPU, 1).Seconds()
	if f.indexBytes, err = dirSize(search.Path(path)); err != nil {
		return err
	}
	return timeQueries(db, search.Path(path), qs, f)
}

// readAll reads every article in cursor order, as a rebuild does, and
// returns how many, the rate and the text bytes an index gets.
func readAll(db *store.DB) (n int, rate float64, text int64, err error) {
	start := time.Now()
	for cursor := uint64(0); ; {
		chunk, err := db.Changed(cursor)
		if err != nil {
			return 0, 0, 0, err
		}
		if len(chunk) == 0 {
			break
		}
		for _, a := range chunk {
			text += textBytes(a)
		}
		n += len(chunk)
		cursor = chunk[len(chunk)-1].Cursor
	}
	return n, float64(n) / time.Since(start).Seconds(), text, nil
}

// timeQueries runs qs on the index, the first warmup untimed, and reads
// each result page's articles from the archive as the baseline.
func timeQueries(db *store.DB, path string, qs []string, f *figures) error {
	ix, err := search.Open(path)
	if err != nil {
		return err
	}
	defer ix.Close()
	s := api.NewSearcher(ix, db, api.SearchLimits{})
	var took, page []time.Duration
	hits := 0
	for i, q := range qs {
		start := time.Now()
		res, err := s.Search(context.Background(), api.SearchRequest{Q: q})
		d := time.Since(start)
		if err != nil {
			return fmt.Errorf("query %q: %w", q, err)
		}
		start = time.Now()
		for _, h := range res.Hits {
			if _, err := db.Article(h.ID); err != nil {
				return err
			}
		}
		if i >= warmup {
			took, page = append(took, d), append(page, time.Since(start))
			hits += len(res.Hits)
		}
	}
	f.p50, f.p99, f.mean = percentile(took, 50), percentile(took, 99), mean(took)
	f.pageP50, f.pageP99 = percentile(page, 50), percentile(page, 99)
	f.meanHits = float64(hits) / float64(len(took))
	return nil
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

// dirSize is the bytes of the files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	return n, err
}
