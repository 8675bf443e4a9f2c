package clean

import (
	"regexp"
	"testing"
)

func TestFingerprint(t *testing.T) {
	rule := Rule{Host: "news.example", Body: "article", Remove: []string{".share"}}
	changed := rule
	changed.CutAt = []string{"Source"}
	other := rule
	other.PathPrefix = "/fr"
	print := func(rules ...Rule) string {
		t.Helper()
		c, err := New(rules)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		return c.Fingerprint()
	}
	base := print(rule)
	if !regexp.MustCompile(`^[0-9a-f]{12}$`).MatchString(base) {
		t.Fatalf("fingerprint %q, want 12 hex digits", base)
	}
	if again := print(rule); again != base {
		t.Errorf("the same rules give %q then %q", base, again)
	}
	for name, fp := range map[string]string{
		"a field added": print(changed),
		"a rule added":  print(rule, other),
		"no rules":      print(),
	} {
		if fp == base {
			t.Errorf("%s: fingerprint unchanged (%q)", name, fp)
		}
	}
}

// The fingerprint of the built-in rules is the one the command line wrote
// before the cleaner computed it (checked against that code for Version
// 1.1.0), so the articles archived then are not all taken for stale.
func TestFingerprintKeepsArchivedValue(t *testing.T) {
	if Version != "1.1.0" {
		t.Skipf("pinned for cleaner 1.1.0, this is %s: a new version changes every fingerprint by design", Version)
	}
	c, err := New(builtinRules(t))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Fingerprint(), "d2f81f697c35"; got != want {
		t.Errorf("built-in rules fingerprint %q, want %q", got, want)
	}
}
