//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package bench

import (
	"errors"
	"os"
)

// SelfUsage is unknown where getrusage is not available.
func SelfUsage() (Usage, error) { return Usage{}, errors.ErrUnsupported }

// ChildUsage is unknown where getrusage is not available.
func ChildUsage(*os.ProcessState) Usage { return Usage{} }
