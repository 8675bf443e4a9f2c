package main

import (
	"bytes"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/crawler/clean"
	"github.com/depeche-archiver/depeche/store"
)

// cutVietnamPlus appends to the config at path the built-in rule of
// fr.vietnamplus.vn, changed to end articles before cutAt.
func cutVietnamPlus(t *testing.T, path, cutAt string) {
	t.Helper()
	def, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	rules := def.Rules()
	i := slices.IndexFunc(rules, func(r clean.Rule) bool { return r.Host == "fr.vietnamplus.vn" && r.PathPrefix == "" })
	if i < 0 {
		t.Fatal("no built-in rule for fr.vietnamplus.vn")
	}
	rule := rules[i]
	rule.CutAt = append(slices.Clone(rule.CutAt), cutAt)
	sites, err := yaml.Marshal(map[string][]clean.Rule{"sites": {rule}})
	if err != nil {
		t.Fatal(err)
	}
	appendConfig(t, path, string(sites))
}

func TestRecleanAfterARuleChange(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	cfg := sites.writeConfig(t, t.TempDir(), feedHome)
	if _, logs, err := cli(t, "backfill", "-config", cfg); err != nil {
		t.Fatalf("backfill: %v\n%s", err, logs)
	}
	const cut = "Le billet coûtera"
	before := find(t, exportRecords(t, "-config", cfg), "tramway-post1001")
	if !strings.Contains(before.Text, cut) {
		t.Fatalf("the archived text lacks %q:\n%s", cut, before.Text)
	}

	out, logs, err := cli(t, "reclean", "-config", cfg)
	if err != nil || !strings.Contains(out, "0 re-cleaned") {
		t.Fatalf("reclean with unchanged rules: %v, %q, want nothing re-cleaned\n%s", err, out, logs)
	}
	cutVietnamPlus(t, cfg, cut)
	out, logs, err = cli(t, "reclean", "-config", cfg)
	if err != nil {
		t.Fatalf("reclean: %v\n%s", err, logs)
	}
	if !strings.Contains(out, "changed") || strings.Contains(out, " 0 changed") {
		t.Errorf("reclean summary %q, want articles changed", out)
	}
	requests := sites.total()
	after := find(t, exportRecords(t, "-config", cfg), "tramway-post1001")
	if strings.Contains(after.Text, cut) || after.Revision != 2 || !slices.Equal(after.Changed, []string{"text"}) {
		t.Errorf("after reclean: revision %d changed %q text:\n%s", after.Revision, after.Changed, after.Text)
	}
	if after.Title != before.Title || after.Cursor <= before.Cursor {
		t.Errorf("title %q -> %q, cursor %d -> %d", before.Title, after.Title, before.Cursor, after.Cursor)
	}
	var versions []store.Record
	for _, r := range exportRecords(t, "-config", cfg, "-revisions") {
		if r.ID == after.ID {
			versions = append(versions, r)
		}
	}
	if len(versions) != 2 || versions[0].Text != before.Text || versions[1].Text != after.Text {
		t.Errorf("-revisions gave %d versions of the article, want the archived one then the re-cleaned one", len(versions))
	}
	if n := sites.total(); n != requests {
		t.Errorf("reclean made %d requests, want none: it works offline", n-requests)
	}
	out, _, err = cli(t, "reclean", "-config", cfg)
	if err != nil || !strings.Contains(out, "0 re-cleaned") {
		t.Errorf("a second reclean: %v, %q, want nothing left to re-clean", err, out)
	}
	out, _, err = cli(t, "export", "-config", cfg, "-revisions")
	if err != nil {
		t.Fatal(err)
	}
	validateExport(t, out)
	out, _, err = cli(t, "check", "-config", cfg)
	if err != nil || !strings.Contains(out, " 0 problems") || strings.Contains(out, " 0 pages verified") {
		t.Errorf("check after reclean: %v\n%s", err, out)
	}
}

// validateExport checks every line of an export against the record's
// JSON Schema.
func validateExport(t *testing.T, out string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(store.RecordJSONSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("record.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("record.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err == nil {
			err = schema.Validate(v)
		}
		if err != nil {
			t.Errorf("export line %d: %v", i+1, err)
		}
	}
}

// total returns how many requests the sites answered.
func (s *testSites) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func TestRecleanRefusesWhileTheArchiveIsHeld(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, err = cli(t, "reclean", "-config", cfg)
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "stop it, reclean, start it again") {
		t.Errorf("reclean of a held archive: %v, want ErrLocked with what to do", err)
	}
}
