package cluster

import (
	"os"
	"testing"

	"github.com/depeche-archiver/depeche/internal/natstest"
	"github.com/depeche-archiver/depeche/internal/testkit"
)

// TestMain lets the tests, which mostly wait on heartbeats and TTLs, run
// together, and stops the NATS server they share (natstest.URL).
func TestMain(m *testing.M) {
	testkit.WaitInParallel(32)
	code := m.Run()
	natstest.Stop()
	os.Exit(code)
}
