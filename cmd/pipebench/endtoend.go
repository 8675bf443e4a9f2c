package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/store"
)

// writeConfig writes the backfill's config into dir: every mirror feed,
// no politeness delay (one loopback host), the listener off.
func writeConfig(dir string, o options, m *mirror) (cfgPath, archive string, err error) {
	archive = filepath.Join(dir, "endtoend.db")
	var b strings.Builder
	fmt.Fprintf(&b, "archive: %s\nallow_private_networks: true\nlisten: \"\"\nhost_delay: 0s\n", archive)
	fmt.Fprintf(&b, "host_parallel: %d\nworkers: %d\nmax_parallel: %d\n", o.hostParallel, o.workers, 2*o.hostParallel)
	b.WriteString("log:\n  level: warn\nfeeds:\n")
	for f := range m.feeds() {
		fmt.Fprintf(&b, "  - name: f%d\n    url: %s\n", f, m.feedURL(f))
	}
	cfgPath = filepath.Join(dir, "endtoend.yaml")
	if err := os.WriteFile(cfgPath, []byte(b.String()), 0o644); err != nil {
		return "", "", fmt.Errorf("write config: %w", err)
	}
	return cfgPath, archive, nil
}

// endToEnd runs `depeche backfill` on every mirror feed as a child
// process and measures it. The mirror's own CPU, in this process, is not
// counted; it is returned apart.
func endToEnd(ctx context.Context, o options, dir string, m *mirror) (s stage, mirrorCPU time.Duration, err error) {
	bin := o.binary
	if bin == "" {
		if bin, err = bench.BuildDepeche(dir, os.Stderr); err != nil {
			return s, 0, err
		}
	}
	cfg, archive, err := writeConfig(dir, o, m)
	if err != nil {
		return s, 0, err
	}
	out, logPath := filepath.Join(dir, "endtoend.out"), filepath.Join(dir, "endtoend.log")
	cpu0 := selfCPU()
	s, err = runChild(ctx, bin, childArgs(cfg, o.childProfile), out, logPath)
	mirrorCPU = selfCPU() - cpu0
	if err != nil {
		return s, mirrorCPU, err
	}
	s.name, s.note = "end to end", "depeche backfill, child process"
	if s.articles, s.failed, err = summaryTotal(out); err != nil {
		return s, mirrorCPU, err
	}
	if s.archive, err = store.ArchiveSize(archive); err != nil {
		return s, mirrorCPU, fmt.Errorf("end to end: %w", err)
	}
	return s, mirrorCPU, nil
}

// childArgs returns the backfill's arguments.
func childArgs(cfg, profile string) []string {
	args := []string{"backfill", "-config", cfg}
	if profile != "" {
		args = append(args, "-cpuprofile", profile)
	}
	return args
}

// runChild runs the backfill with its output in files and returns its
// wall time, CPU time and peak RSS.
func runChild(ctx context.Context, bin string, args []string, outPath, logPath string) (stage, error) {
	out, err := os.Create(outPath)
	if err != nil {
		return stage{}, fmt.Errorf("end to end: %w", err)
	}
	defer out.Close()
	logf, err := os.Create(logPath)
	if err != nil {
		return stage{}, fmt.Errorf("end to end: %w", err)
	}
	defer logf.Close()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = out, logf
	start := time.Now()
	err = cmd.Run()
	s := stage{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		u := bench.ChildUsage(cmd.ProcessState)
		s.cpu, s.peakRSS = u.CPU, u.PeakRSS
	}
	if err != nil {
		return s, fmt.Errorf("end to end: depeche backfill: %w (its log: %s)", err, logPath)
	}
	return s, nil
}

// summaryTotal reads the new and failed counts of the "total" line of
// backfill's summary.
func summaryTotal(path string) (newCount, failed int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, fmt.Errorf("read summary: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text()) // total, seen, new, ..., failed
		if len(fields) >= 5 && fields[0] == "total" {
			n, err1 := strconv.Atoi(fields[2])
			k, err2 := strconv.Atoi(fields[len(fields)-1])
			if err1 == nil && err2 == nil {
				return n, k, nil
			}
		}
	}
	return 0, 0, fmt.Errorf("read summary: no total line in %s", path)
}
