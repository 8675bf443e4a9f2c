package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

// extractRun is what one `depeche extract` cost.
type extractRun struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// extractSizes are the page sizes extract is measured on.
var extractSizes = []int{100_000, 1_000_000, 10_000_000}

// measureExtract runs extract on a tiny page, then on each shape and
// size, and prints a table: the cost over start-up, per MB, tells whether
// it grows in proportion to the page.
func measureExtract(ctx context.Context, o options, dir string, out io.Writer) error {
	base, err := extractPage(ctx, o, dir, "startup", teaserPage(2_000, 0))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "depeche extract, one process a page, best of %d runs\n", o.reps)
	fmt.Fprintf(out, "%-11s %8s %8s %8s %12s %9s\n", "page", "wall s", "cpu s", "rss MB", "cpu-start/MB", "rss-start")
	fmt.Fprintf(out, "%-11s %8.2f %8.2f %8d %12s %9s\n", "2 KB", base.wall.Seconds(), base.cpu.Seconds(), base.maxRSS>>20, "-", "-")
	for _, sh := range shapes {
		for _, size := range extractSizes {
			r, err := extractPage(ctx, o, dir, sh.name, sh.gen(size, 1))
			if err != nil {
				return err
			}
			mb := float64(size) / 1e6
			fmt.Fprintf(out, "%-11s %8.2f %8.2f %8d %12.3f %6d MB\n", fmt.Sprintf("%s %gMB", sh.name[:5], mb),
				r.wall.Seconds(), r.cpu.Seconds(), r.maxRSS>>20, (r.cpu-base.cpu).Seconds()/mb, (r.maxRSS-base.maxRSS)>>20)
		}
	}
	return nil
}

// extractPage writes page and runs extract on it o.reps times: the
// fastest run's times, the largest memory.
func extractPage(ctx context.Context, o options, dir, name string, page []byte) (extractRun, error) {
	path := filepath.Join(dir, name+".html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		return extractRun{}, err
	}
	defer os.Remove(path)
	var best extractRun
	for i := range max(o.reps, 1) {
		r, err := extractOnce(ctx, o.binary, path)
		if err != nil {
			return extractRun{}, err
		}
		if i == 0 || r.wall < best.wall {
			best.wall, best.cpu = r.wall, r.cpu
		}
		best.maxRSS = max(best.maxRSS, r.maxRSS)
	}
	return best, nil
}

// extractOnce runs `depeche extract` on the page at path.
func extractOnce(ctx context.Context, binary, path string) (extractRun, error) {
	cmd := exec.CommandContext(ctx, binary, "extract", "-url", "https://harbour.example/news/story", path)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return extractRun{}, fmt.Errorf("extract %s: %w", path, err)
	}
	u := bench.ChildUsage(cmd.ProcessState)
	return extractRun{wall: time.Since(start), cpu: u.CPU, maxRSS: u.PeakRSS}, nil
}
