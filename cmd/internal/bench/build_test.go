package bench

import (
	"io"
	"os"
	"testing"
)

func TestWorkdirKeepsAGivenBinary(t *testing.T) {
	binary := "/usr/local/bin/depeche-given"
	dir, remove, err := Workdir("benchtest", &binary, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if binary != "/usr/local/bin/depeche-given" {
		t.Errorf("binary = %q, want the one given, not a build", binary)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Fatalf("work dir %s: %v", dir, err)
	}
	remove()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("work dir %s still there after remove: %v", dir, err)
	}
}
