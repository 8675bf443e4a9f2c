package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// revisedArchive archives one article in the archive of the config in
// dir and revises it twice: its text, then its title and a withdrawal.
func revisedArchive(t *testing.T, dir string) uint64 {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "archive.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &store.Article{URL: "https://harbour.example/news/ships", Title: "Twelve ships in port",
		Fetched: time.Date(2025, 3, 3, 8, 0, 0, 0, time.UTC),
		Text:    "The harbour authority counted twelve ships on Monday.\n\nThe cranes were busy all day."}
	id, _, err := db.Save(a, "harbour", "g1")
	if err != nil {
		t.Fatal(err)
	}
	v2 := *a
	v2.Text = "The harbour authority counted fifteen ships on Monday.\n\nThe cranes were busy all day."
	if _, err := db.Revise(id, &v2, "revisit"); err != nil {
		t.Fatal(err)
	}
	v3 := v2
	v3.Title, v3.Withdrawn, v3.WithdrawnStatus = "Fifteen ships in port", time.Date(2025, 3, 4, 8, 0, 0, 0, time.UTC), 410
	if _, err := db.Revise(id, &v3, "withdrawn (410)"); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestDiffCommand(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := sites.writeConfig(t, dir, feedHome)
	revisedArchive(t, dir)

	out, _, err := cli(t, "diff", "-config", cfg, "-from", "1", "-to", "2", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "revision 1 -> 2") || !strings.Contains(out, "counted [-twelve-]{+fifteen+} ships") || strings.Contains(out, "\x1b[") {
		t.Errorf("diff 1 -> 2 (plain, not a terminal):\n%s", out)
	}

	out, _, err = cli(t, "diff", "-config", cfg, "-json", "https://harbour.example/news/ships")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		From, To int
		Changes  []string
		Fields   []struct {
			Field string
			Ops   []struct{ Op, Text string }
		}
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("diff -json: %v\n%s", err, out)
	}
	if c.From != 2 || c.To != 3 || strings.Join(c.Changes, ",") != "title,withdrawn" || c.Fields[0].Ops[0].Op != "delete" {
		t.Errorf("diff -json of the last two versions = %+v", c)
	}

	for _, bad := range [][]string{{"99"}, {"-to", "7", "1"}, {"not-an-id"}, {}} {
		if _, _, err := cli(t, append([]string{"diff", "-config", cfg}, bad...)...); err == nil {
			t.Errorf("diff %q: no error", bad)
		}
	}
}
