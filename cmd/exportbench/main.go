// Command exportbench measures the JSONL export of depeche's archive: it
// builds archives of generated articles (about 3 KB of French text each,
// no stored pages unless -captures), then exports each one through
// store.(*DB).Export to io.Discard in a child process (this binary run
// again with -child), so that the child's peak RSS (getrusage ru_maxrss)
// is the export's alone, and prints articles per second and peak RSS side
// by side.
//
// Usage, from the repository root:
//
//	go run ./cmd/exportbench -results /tmp/exportbench.txt
//
// Building 100,000 articles takes minutes. To measure the export again and
// again, build once in a directory of your own and reuse it:
//
//	go run ./cmd/exportbench -dir /dev/shm/eb              # builds and keeps the archives
//	go run ./cmd/exportbench -dir /dev/shm/eb -reuse       # exports them again, no build
//	go run ./cmd/exportbench -dir /dev/shm/eb -reuse -cpuprofile /tmp/export
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/depeche-archiver/depeche/cmd/internal/bench"
)

func main() { os.Exit(bench.Main("exportbench", run)) }

// options are the command's flags.
type options struct {
	sizes    []int
	captures bool
	results  string
	dir      string
	reuse    bool
	profile  string // the CPU profile prefix, or the child's profile file
	child    string // the archive to export, in the child
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("exportbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	sizes := fs.String("sizes", "1000,100000", "comma-separated archive `SIZES`, in articles")
	fs.BoolVar(&o.captures, "captures", false, "store a generated page with every article (slower to build)")
	fs.StringVar(&o.results, "results", "", "also write the report to `FILE`")
	fs.StringVar(&o.dir, "dir", "", "build the archives in `DIR` and keep them (default: a temporary directory, removed after)")
	fs.BoolVar(&o.reuse, "reuse", false, "export an archive-SIZE.db an earlier run left in -dir instead of building it again")
	fs.StringVar(&o.profile, "cpuprofile", "", "write the CPU profile of each child export to `PREFIX`-SIZE.pprof")
	fs.StringVar(&o.child, "child", "", "internal: export the archive `PATH` and report")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-sizes: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	if o.reuse && o.dir == "" {
		return o, errors.New("-reuse needs -dir: a temporary directory holds no earlier archive")
	}
	return o, nil
}

// run builds and measures every size, or is the child export.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	if o.child != "" {
		return childExport(o.child, o.profile, stdout)
	}
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "exportbench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	var rows []row
	for _, n := range o.sizes {
		r, err := measureSize(ctx, dir, n, o, stderr)
		if err != nil {
			return err
		}
		rows = append(rows, r)
	}
	return report(rows, o, stdout)
}
