package main

import (
	"slices"
	"strings"
	"testing"
)

// module is the path every package of ours starts with.
const module = "github.com/depeche-archiver/depeche"

// goListImports runs go list ./... at the module root and returns, for
// each package (relative to the module), what its non-test files import:
// our own packages relative to the module, others by their full path.
func goListImports(t *testing.T) map[string][]string {
	t.Helper()
	out := goList(t, "{{.ImportPath}} {{join .Imports \" \"}}")
	imports := make(map[string][]string)
	for line := range strings.Lines(out) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		for i, f := range fields {
			fields[i] = strings.TrimPrefix(f, module+"/")
		}
		imports[fields[0]] = fields[1:]
	}
	return imports
}

// ours reports whether an import path, as goListImports gives it, is one
// of the module's packages: ours are relative, so they lack the module's
// domain, and only ours are a directory of the repository.
func ours(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return slices.Contains([]string{"cmd", "config", "crawler", "store", "internal"}, first)
}

// importRule is one direction the layout forbids: packages matching from
// must not import a package that forbidden matches.
type importRule struct {
	name      string
	from      func(pkg string) bool
	forbidden func(imp string) bool
}

// under matches a package and the packages below it.
func under(roots ...string) func(string) bool {
	return func(p string) bool {
		return slices.ContainsFunc(roots, func(r string) bool { return p == r || strings.HasPrefix(p, r+"/") })
	}
}

// is matches exactly the packages named.
func is(pkgs ...string) func(string) bool {
	return func(p string) bool { return slices.Contains(pkgs, p) }
}

// importRules are the directions docs/layout.md gives: imports point
// inward, the leaves import nothing of ours, and gofeed, colly and bbolt
// stay inside the packages that own them.
var importRules = []importRule{
	{"leaves import nothing of ours",
		is("crawler/clean", "store/captures", "store/jsonscan", "store/minhash",
			"internal/atomicfile", "internal/memlimit", "internal/worddiff", "internal/logwait", "internal/natstest",
			"internal/testkit", "internal/secret"),
		ours},
	{"the fetcher imports neither the crawler nor the store, only the cleaner's page and the masking of secrets",
		under("crawler/fetch"), func(imp string) bool { return ours(imp) && imp != "crawler/clean" && imp != "internal/secret" }},
	{"the store imports no package that uses it",
		under("store"), under("crawler", "config", "internal", "cmd")},
	{"the config imports only the cleaner and the masking of secrets of ours",
		is("config"), func(imp string) bool { return ours(imp) && imp != "crawler/clean" && imp != "internal/secret" }},
	{"the API, web page and search do not link the crawler",
		under("internal/api", "internal/web", "internal/search"), under("crawler", "cmd")},
	{"no package imports a command",
		func(p string) bool { return !strings.HasPrefix(p, "cmd/") },
		under("cmd")},
	{"gofeed and colly stay in the crawler and its fetcher",
		func(p string) bool { return !under("crawler")(p) },
		func(imp string) bool {
			return strings.HasPrefix(imp, "github.com/mmcdole/gofeed") || strings.HasPrefix(imp, "github.com/gocolly/colly")
		}},
	{"bbolt stays in the store (search reads bleve's lock timeout)",
		func(p string) bool { return !under("store", "internal/search")(p) },
		func(imp string) bool { return strings.HasPrefix(imp, "go.etcd.io/bbolt") }},
}

// TestImportsPointInward holds every package to the import directions of
// docs/layout.md.
func TestImportsPointInward(t *testing.T) {
	imports := goListImports(t)
	if len(imports["crawler"]) == 0 {
		t.Fatal("go list ./... gave no imports for crawler: the listing is not what this test reads")
	}
	for _, r := range importRules {
		for pkg, imps := range imports {
			if !r.from(pkg) {
				continue
			}
			for _, imp := range imps {
				if r.forbidden(imp) {
					t.Errorf("%s: %s imports %s", r.name, pkg, imp)
				}
			}
		}
	}
}
