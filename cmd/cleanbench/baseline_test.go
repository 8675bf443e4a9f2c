package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestWithoutReplace checks the baseline's go.mod: the repository's, less
// exactly the replace of go-dateparser.
func TestWithoutReplace(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	got := withoutReplace(mod)
	if bytes.Contains(got, []byte("replace "+dateparserPath)) {
		t.Fatalf("the replace of %s is still there", dateparserPath)
	}
	if !bytes.Contains(got, []byte("github.com/markusmobius/go-trafilatura v1.12.2")) {
		t.Error("the requirement of go-trafilatura went with it")
	}
	if removed := len(mod) - len(got); removed > 80 {
		t.Errorf("%d bytes removed, more than the one line", removed)
	}
}

// TestBaselineChild builds the baseline as cleanbench does, checks that
// it links the real go-dateparser, and has it extract a page of ours in
// a child process, kept and timed.
func TestBaselineChild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	var log bytes.Buffer
	bin, err := buildBaseline("../..", t.TempDir(), &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	body := []byte(`<html><head><title>Kettle notes</title></head><body>
<nav><a href="/">Home</a> <a href="/tea">Tea</a></nav>
<article><h1>Kettle notes</h1>` + strings.Repeat(`<p>A copper kettle left on a low flame hums before it whistles, and the hum tells the patient cook that the water is nearly ready for the leaves.</p>`, 6) + `</article>
<footer>Footer links and a copyright line</footer></body></html>`)
	sets := []set{{name: "one", pages: []page{{ID: "kettle", URL: "https://example.org/kettle", Body: body}}}}
	ch, err := startChild(bin, sets, &log)
	if err != nil {
		t.Fatal(err)
	}
	kept, err := ch.pass(true)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	timed, err := ch.pass(false)
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.stop(); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(kept.Outputs) != 1 || !strings.Contains(kept.Outputs[0].Text, "copper kettle") {
		t.Errorf("outputs = %+v, want the article's text", kept.Outputs)
	}
	if kept.Memory.AllocPerPage == 0 || timed.Elapsed <= 0 || timed.PeakRSS <= 0 {
		t.Errorf("kept memory %+v, timed %v, peak RSS %d: want all measured", kept.Memory, timed.Elapsed, timed.PeakRSS)
	}
}
