package main

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestMain lets the test binary stand in for the depeche binary: a child
// started with DEPECHE_TEST_MAIN=1 runs main with its arguments, so the
// daemon tests exercise a real process, signals and exit status included.
func TestMain(m *testing.M) {
	if os.Getenv("DEPECHE_TEST_MAIN") == "1" {
		limitFileSize() // a full disk, for the tests that ask for one
		main()
		return
	}
	os.Exit(m.Run())
}
