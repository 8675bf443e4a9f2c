//go:build !linux

package main

import (
	"os"
	"time"
)

// The CPU and memory figures are read from Linux's getrusage and /proc;
// elsewhere they are reported as unknown (zero).

func selfCPU() time.Duration                             { return 0 }
func childUsage(*os.ProcessState) (time.Duration, int64) { return 0, 0 }
func resetPeakRSS()                                      {}
func selfPeakRSS() int64                                 { return 0 }
