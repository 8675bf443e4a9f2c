package bench

import (
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
)

// BuildDepeche compiles ./cmd/depeche into dir, for the commands that
// measure it as a child process, and returns the binary's path. The go
// command's output goes to stderr. It must run from the repository root.
func BuildDepeche(dir string, stderr io.Writer) (string, error) {
	bin := filepath.Join(dir, "depeche")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/depeche")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build depeche (run from the repository root, or give -depeche): %w", err)
	}
	return bin, nil
}
