// Package benchpages locates the shared benchmark pages for the bench
// commands under cmd/.
package benchpages

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// DefaultDir is ../shared/bench/extraction from the repository root, the
// first directory up from the working directory that holds go.mod.
func DefaultDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the repository root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "bench", "extraction"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: give -pages")
		}
		dir = parent
	}
}
