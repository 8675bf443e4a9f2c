package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "", "Prints depeche's version, its cleaner's and its export schema's.", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version takes no arguments")
	}
	_, err := fmt.Fprintf(stdout, "depeche %s (cleaner %s, export schema %s, %s)\n",
		moduleVersion(), clean.Version, store.RecordSchema, runtime.Version())
	return err
}

// moduleVersion is the version the Go toolchain stamped into the binary.
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// software names depeche and its version, for the WARC records it writes.
func software() string { return "depeche " + moduleVersion() }
