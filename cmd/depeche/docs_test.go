package main

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// moduleRoot is the repository root, seen from this package's directory.
const moduleRoot = "../.."

// layoutRow is one row of the package table: | `path` | job |.
var layoutRow = regexp.MustCompile("^\\| `([a-z0-9_/]+)` \\| (\\S.*\\S) \\|$")

// readLayoutTable returns the package paths of the table under the
// "## Packages" heading of docs/layout.md. Every line of that table after
// its header must be a well-formed row: a row it cannot read is an error,
// not a row skipped, and so is a path given twice.
func readLayoutTable(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		in, inTable bool
		header      int
		pkgs        []string
		lineNo      int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			if in && inTable {
				return pkgs, nil
			}
			in = line == "## Packages"
			continue
		case !in:
			continue
		case strings.HasPrefix(line, "|"):
			inTable = true
			if header < 2 { // the header row and the |---| row
				header++
				continue
			}
			m := layoutRow.FindStringSubmatch(line)
			if m == nil {
				return nil, &layoutError{path, lineNo, "not a row | `package` | job |: " + line}
			}
			if slices.Contains(pkgs, m[1]) {
				return nil, &layoutError{path, lineNo, "package " + m[1] + " listed twice"}
			}
			pkgs = append(pkgs, m[1])
		case inTable:
			return pkgs, nil // the table ended
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !inTable {
		return nil, &layoutError{path, lineNo, `no table under "## Packages"`}
	}
	return pkgs, nil
}

type layoutError struct {
	path string
	line int
	msg  string
}

func (e *layoutError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.path, e.line, e.msg)
}

// goList runs go list -f format ./... at the module root and returns its
// output; it skips the test when the go command is not on PATH.
func goList(t *testing.T, format string) string {
	t.Helper()
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot list the module's packages")
	}
	cmd := exec.Command(gobin, "list", "-f", format, "./...")
	cmd.Dir = moduleRoot
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list ./...: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list ./...: %v", err)
	}
	return string(out)
}

// goListPackages runs go list ./... at the module root and returns the
// packages relative to the module.
func goListPackages(t *testing.T) []string {
	t.Helper()
	out := goList(t, "{{.ImportPath}} {{.Module.Path}}")
	var pkgs []string
	for line := range strings.Lines(out) {
		imp, mod, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok {
			t.Fatalf("go list: unexpected line %q", line)
		}
		rel, ok := strings.CutPrefix(imp, mod+"/")
		if !ok {
			t.Fatalf("go list: package %s is not under its module %s", imp, mod)
		}
		pkgs = append(pkgs, rel)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list ./... listed no package")
	}
	return pkgs
}

// TestLayoutTableMatchesPackages holds docs/layout.md to the packages the
// module has: every package of go list ./... has a row, and every row
// names a package.
func TestLayoutTableMatchesPackages(t *testing.T) {
	path := filepath.Join(moduleRoot, "docs", "layout.md")
	table, err := readLayoutTable(path)
	if err != nil {
		t.Fatal(err)
	}
	pkgs := goListPackages(t)
	for _, p := range pkgs {
		if !slices.Contains(table, p) {
			t.Errorf("package %s has no row in the table of %s", p, path)
		}
	}
	for _, p := range table {
		if !slices.Contains(pkgs, p) {
			t.Errorf("%s lists %s, which go list ./... does not report", path, p)
		}
	}
}

// TestReadLayoutTableRefusesBadRows checks that the table's reader fails
// on what it must not let pass.
func TestReadLayoutTableRefusesBadRows(t *testing.T) {
	const head = "# Layout\n\n## Packages\n\n| package | job |\n|---|---|\n"
	for _, tc := range []struct{ name, doc string }{
		{"no-backquotes", head + "| store | the archive |\n"},
		{"empty-job", head + "| `store` |  |\n"},
		{"missing-pipe", head + "| `store` | the archive\n"},
		{"twice", head + "| `store` | the archive |\n| `store` | again |\n"},
		{"no-table", "# Layout\n\n## Packages\n\nsome text\n"},
		{"no-heading", "# Layout\n\n| `store` | the archive |\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "layout.md")
			if err := os.WriteFile(p, []byte(tc.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			if pkgs, err := readLayoutTable(p); err == nil {
				t.Errorf("read %q as %q, want an error", tc.doc, pkgs)
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "layout.md")
		body := head + "| `store` | the archive |\n| `store/minhash` | signatures |\n\n## Next\n| `x` | y |\n"
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		pkgs, err := readLayoutTable(p)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"store", "store/minhash"}; !slices.Equal(pkgs, want) {
			t.Errorf("got %q, want %q", pkgs, want)
		}
	})
}

// mdLink finds the target of a Markdown link: ](target).
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocsLinksResolve checks that every relative link in README.md and
// docs/*.md names a file or directory of the repository.
func TestDocsLinksResolve(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(moduleRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join(moduleRoot, "README.md"))
	if len(files) < 2 {
		t.Fatalf("no docs/*.md under %s", moduleRoot)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, _, _ = strings.Cut(target, "#")
			p := filepath.Join(filepath.Dir(f), filepath.FromSlash(target))
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links to %s, which does not exist", f, m[1])
			}
		}
	}
}

// apiPaths returns the values of the Path* constants of internal/api,
// read from its source, so that a new endpoint is checked without being
// added here.
func apiPaths(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(moduleRoot, "internal", "api", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Path") || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: api.%s is not a string literal", f, name.Name)
					}
					v, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					paths = append(paths, v)
				}
			}
		}
	}
	if len(paths) < 10 {
		t.Fatalf("found only %d Path constants in internal/api: %q", len(paths), paths)
	}
	return paths
}

// TestRunUsageAndListenerDocNameEveryEndpoint: depeche run -h and
// docs/listener.md name every path internal/api serves.
func TestRunUsageAndListenerDocNameEveryEndpoint(t *testing.T) {
	var stderr strings.Builder
	if err := runDaemon(t.Context(), []string{"-h"}, io.Discard, &stderr); !errors.Is(err, errHelp) {
		t.Fatalf("run -h: %v, want the usage", err)
	}
	doc, err := os.ReadFile(filepath.Join(moduleRoot, "docs", "listener.md"))
	if err != nil {
		t.Fatal(err)
	}
	word := func(p string) *regexp.Regexp { return regexp.MustCompile(regexp.QuoteMeta(p) + `\b`) }
	for _, p := range apiPaths(t) {
		if !word(p).MatchString(stderr.String()) {
			t.Errorf("depeche run -h does not name %s:\n%s", p, stderr.String())
		}
		if !word("`GET "+p).Match(doc) && !word("`POST "+p).Match(doc) && !word(", "+p).Match(doc) {
			t.Errorf("docs/listener.md has no endpoint row for %s", p)
		}
	}
}
