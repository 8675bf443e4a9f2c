package main

import (
	"debug/buildinfo"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

// dateparserPath is the module that go.mod replaces with
// internal/dateparser. The baseline must link the real one: go-trafilatura
// users get it, and its init tables and date search cost every page.
const dateparserPath = "github.com/markusmobius/go-dateparser"

// replaceLine matches go.mod's replace of dateparserPath.
var replaceLine = regexp.MustCompile(`(?m)^replace\s+` + regexp.QuoteMeta(dateparserPath) + `\s+=>.*$`)

// buildBaseline compiles this command into dir from a copy of go.mod
// without the replace of go-dateparser (go build -modfile), so that the
// binary links go-trafilatura v1.12.2 as its users get it, and checks
// that it does. root is the repository's root.
func buildBaseline(root, dir string, stderr io.Writer) (string, error) {
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("build baseline (run from the repository root): %w", err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return "", fmt.Errorf("build baseline: %w", err)
	}
	modfile := filepath.Join(dir, "go.mod")
	if err := os.WriteFile(modfile, withoutReplace(mod), 0o644); err != nil {
		return "", fmt.Errorf("build baseline: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return "", fmt.Errorf("build baseline: %w", err)
	}
	bin := filepath.Join(dir, "cleanbench-baseline")
	cmd := exec.Command("go", "build", "-modfile", modfile, "-o", bin, "./cmd/cleanbench")
	cmd.Dir, cmd.Stdout, cmd.Stderr = root, stderr, stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build baseline: %w", err)
	}
	return bin, checkDateparser(bin)
}

// checkDateparser fails unless bin links the real go-dateparser.
func checkDateparser(bin string) error {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return fmt.Errorf("build baseline: %w", err)
	}
	for _, d := range info.Deps {
		if d.Path == dateparserPath {
			if d.Replace != nil {
				return fmt.Errorf("build baseline: %s is still replaced by %s", d.Path, d.Replace.Path)
			}
			return nil
		}
	}
	return fmt.Errorf("build baseline: %s is not linked", dateparserPath)
}

// withoutReplace is the text of go.mod without its replace of
// go-dateparser.
func withoutReplace(mod []byte) []byte { return replaceLine.ReplaceAll(mod, nil) }
