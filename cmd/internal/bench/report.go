package bench

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/depeche-archiver/depeche/internal/atomicfile"
)

// Header is the head of a report: what ran, when, how and on what, so
// that a results file says how to make it again.
type Header struct {
	Command string   // the command's name, as under cmd/
	Title   string   // what the report measures, in a few words
	Args    []string // the command's arguments
	Machine string   // what else to say of the machine, after OS, architecture and Go version
	Date    time.Time
}

// WriteHeader writes h as a title line, a blank line and one line each
// for the date, the command and the machine.
func WriteHeader(w io.Writer, h Header) {
	fmt.Fprintf(w, "# %s: %s\n\n", h.Command, h.Title)
	fmt.Fprintf(w, "date     %s\n", h.Date.UTC().Format("2006-01-02"))
	fmt.Fprintf(w, "command  go run ./cmd/%s %s\n", h.Command, strings.Join(h.Args, " "))
	fmt.Fprintf(w, "machine  %s/%s, %s, %s\n", runtime.GOOS, runtime.GOARCH, runtime.Version(), h.Machine)
}

// NewTable is the writer of a report's table: columns of tab-separated
// cells, left-aligned, two spaces apart. Flush it after the last row.
func NewTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
}

// Publish writes report to stdout and, when results is not empty, to the
// file results as well, so that what a run printed is what it kept.
func Publish(stdout io.Writer, results string, report []byte) error {
	if _, err := stdout.Write(report); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if results == "" {
		return nil
	}
	err := atomicfile.WriteFile(results, 0o644, func(w io.Writer) error {
		_, err := w.Write(report)
		return err
	})
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// MiB is n bytes in mebibytes (2^20 bytes).
func MiB(n int64) float64 { return float64(n) / (1 << 20) }
