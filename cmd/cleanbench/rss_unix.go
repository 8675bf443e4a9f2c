//go:build linux || darwin || freebsd || netbsd || openbsd

package main

import (
	"fmt"
	"runtime"
	"syscall"
)

// maxRSS is the process's peak resident set size, from getrusage.
func maxRSS() string {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	kib := ru.Maxrss // kilobytes on Linux and the BSDs, bytes on macOS
	if runtime.GOOS == "darwin" {
		kib /= 1024
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}
