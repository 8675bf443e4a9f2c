package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// childReport is the memory the child measured, in bytes.
type childReport struct {
	Before bench.Status `json:"before"` // the archive open, a thousand articles read
	After  bench.Status `json:"after"`  // the index open too, every query run
}

// runChildProcess runs this binary with -child on the archive at path.
func runChildProcess(ctx context.Context, path string, queries int) (childReport, error) {
	self, err := os.Executable()
	if err != nil {
		return childReport{}, err
	}
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, self, "-child", path, "-queries", strconv.Itoa(queries))
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return childReport{}, fmt.Errorf("memory child: %w\n%s", err, errOut.String())
	}
	var r childReport
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return childReport{}, fmt.Errorf("memory child: %w", err)
	}
	return r, nil
}

// runChild opens the archive at path as the daemon does, reads some of it,
// measures; opens its index, runs the queries of path.queries and the
// feeds page's per-day count, measures again; and reports both as JSON.
func runChild(path string, queries int, stdout io.Writer) error {
	raw, err := os.ReadFile(path + ".queries")
	if err != nil {
		return err
	}
	qs := strings.Split(string(raw), "\n")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	for id := uint64(1); id <= 1000; id++ {
		if _, err := db.Article(id); err != nil {
			return err
		}
	}
	var r childReport
	if r.Before, err = bench.ReadStatus("/proc/self/status"); err != nil {
		return err
	}
	ix, err := search.Open(search.Path(path))
	if err != nil {
		return err
	}
	defer ix.Close()
	s := api.NewSearcher(ix, db, api.SearchLimits{})
	for _, q := range qs[:min(queries, len(qs))] {
		if _, err := s.Search(context.Background(), api.SearchRequest{Q: q}); err != nil {
			return err
		}
	}
	if _, err := ix.PerDay(time.Now(), 30); err != nil {
		return err
	}
	if r.After, err = bench.ReadStatus("/proc/self/status"); err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(r)
}
