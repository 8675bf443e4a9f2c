package bench

import (
	"fmt"
	"io"
	"os"
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

// Workdir makes a temporary directory for a bench command named name
// and, when *binary is empty, builds depeche into it and sets *binary.
// remove deletes the directory.
func Workdir(name string, binary *string, stderr io.Writer) (dir string, remove func(), err error) {
	dir, err = os.MkdirTemp("", name+"-")
	if err != nil {
		return "", nil, err
	}
	remove = func() { os.RemoveAll(dir) }
	if *binary == "" {
		if *binary, err = BuildDepeche(dir, stderr); err != nil {
			remove()
			return "", nil, err
		}
	}
	return dir, remove, nil
}
