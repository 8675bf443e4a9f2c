package bench

import (
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
)

// StartProfile starts a CPU profile written to path and returns what
// stops it and closes the file; with an empty path it does nothing.
func StartProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(fmt.Errorf("cpu profile: %w", err), f.Close())
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}
