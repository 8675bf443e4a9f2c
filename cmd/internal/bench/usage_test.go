//go:build linux || darwin || freebsd || netbsd || openbsd

package bench

import (
	"os/exec"
	"testing"
)

func TestSelfUsage(t *testing.T) {
	u, err := SelfUsage()
	if err != nil {
		t.Fatal(err)
	}
	// The test binary's heap and code alone are megabytes: a peak under
	// one MiB means the kilobytes were not turned into bytes.
	if u.PeakRSS < 1<<20 {
		t.Errorf("peak RSS %d bytes: too small to be in bytes", u.PeakRSS)
	}
}

func TestChildUsage(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no true command: %v", err)
	}
	if u := ChildUsage(cmd.ProcessState); u.PeakRSS < 1<<10 {
		t.Errorf("child peak RSS %d bytes: too small to be in bytes", u.PeakRSS)
	}
}
