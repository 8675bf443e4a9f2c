package main

import (
	"flag"
	"os"
	"testing"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain lets the test binary stand in for the depeche binary: a child
// started with DEPECHE_TEST_MAIN=1 runs main with its arguments, so the
// daemon tests exercise a real process, signals and exit status included.
// The tests share one NATS server (natstest.URL), stopped at the end.
func TestMain(m *testing.M) {
	if os.Getenv("DEPECHE_TEST_MAIN") == "1" {
		limitFileSize() // a full disk, for the tests that ask for one
		main()
		return
	}
	// The daemon tests wait, mostly, on child processes: let them wait
	// together, though not so many at once that a loaded machine keeps a
	// daemon from answering a command within its second (api's
	// answerTimeout).
	testkit.WaitInParallel(8)
	code := m.Run()
	natstest.Stop()
	os.Exit(code)
}
