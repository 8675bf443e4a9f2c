package testkit

import (
	"testing"
	"time"
)

// WaitFor checks cond until it holds and returns how long that took; the
// test fails, naming what, when within passes first. It is for what a
// real server or child process does in its own time (a NATS heartbeat
// expiring, a daemon polling), which no injected clock reaches.
func WaitFor(t testing.TB, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return time.Since(start)
}
