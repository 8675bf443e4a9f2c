//go:build linux || darwin || freebsd || netbsd || openbsd

package bench

import (
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"
)

// SelfUsage is what this process has used so far.
func SelfUsage() (Usage, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return Usage{}, fmt.Errorf("getrusage: %w", err)
	}
	return usageOf(&ru), nil
}

// ChildUsage is what the exited process ps describes used; zero when its
// state carries no rusage.
func ChildUsage(ps *os.ProcessState) Usage {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return Usage{}
	}
	return usageOf(ru)
}

func usageOf(ru *syscall.Rusage) Usage {
	rss := int64(ru.Maxrss)
	if runtime.GOOS != "darwin" { // kilobytes on Linux and the BSDs, bytes on macOS
		rss <<= 10
	}
	return Usage{CPU: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), PeakRSS: rss}
}
