//go:build linux || darwin || freebsd || netbsd || openbsd

package main

import (
	"os"
	"runtime"
	"syscall"
)

// peakRSS is the peak resident set size of the exited process, in bytes,
// from its rusage (ru_maxrss); 0 when unknown.
func peakRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" { // bytes on macOS, kilobytes elsewhere
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) * 1024
}
