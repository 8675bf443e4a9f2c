package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of the bench commands.
const (
	ExitOK       = 0 // done, or -h
	ExitFailed   = 1 // any other error
	ExitNoCorpus = 3 // the benchmark pages are not there: nothing was measured
)

// Run is the body of a bench command: it parses args with a flag set of
// its own and writes its report to stdout, its progress to stderr.
type Run func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// Main runs run with the process's arguments and standard streams, under
// a context that SIGINT and SIGTERM cancel, and returns the exit code for
// main to hand to os.Exit.
func Main(name string, run Run) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return ExitCode(name, run(ctx, os.Args[1:], os.Stdout, os.Stderr), os.Stderr)
}

// ExitCode maps the error run returned to an exit code, and prints the
// error, after the command's name, to stderr. A request for help is not
// an error: the flag set has already printed the usage.
func ExitCode(name string, err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, ErrNoCorpus):
		fmt.Fprintln(stderr, name+":", err)
		return ExitNoCorpus
	}
	fmt.Fprintln(stderr, name+":", err)
	return ExitFailed
}
