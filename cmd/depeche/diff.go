package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/worddiff"
	"github.com/depeche-archiver/depeche/store"
)

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", "[-config FILE] [-from N] [-to M] [-json] ID|URL",
		"Prints what changed in an article between two of its versions (revisions), word by\n"+
			"word: deletions [-like this-], insertions {+like this+}, in colour on a terminal.\n"+
			"ID is the article's id (the export's id field), URL any address it is known by.\n"+
			"By default the last two versions are compared. -json prints the comparison for\n"+
			"tools: the two revisions, the fields that changed and each one's word diff as\n"+
			"a list of {op: equal|delete|insert, text}. While \"depeche run\" holds the\n"+
			"archive, the versions come through its listener.", stderr)
	cfgPath := configFlag(fs)
	from := fs.Int("from", 0, "the older revision `N` (default: the one before -to)")
	to := fs.Int("to", 0, "the newer revision `M` (default: the last)")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("diff takes one article, an id or a URL; got %d arguments", fs.NArg())
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	vs, err := versions(ctx, cfg.Archive, cfg.Listen, cfg.Token, fs.Arg(0))
	if err != nil {
		return err
	}
	a, b, err := pickVersions(vs, *from, *to)
	if err != nil {
		return fmt.Errorf("article %s: %w", fs.Arg(0), err)
	}
	c := compareVersions(a, b)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	}
	render := worddiff.Plain
	if isTerminal(stdout) {
		render = worddiff.ANSI
	}
	_, err = io.WriteString(stdout, c.text(render))
	return err
}

// versions reads every version of the article ref names, from the
// archive, or through the daemon that holds it.
func versions(ctx context.Context, archive, listen, token, ref string) ([]store.Record, error) {
	db, err := store.Open(archive, store.Options{ReadOnly: true, Upgrade: true})
	if errors.Is(err, store.ErrLocked) {
		d := api.NewClient(listen, token)
		if d == nil {
			return nil, err
		}
		vs, derr := d.Revisions(ctx, ref)
		if derr != nil {
			return nil, fmt.Errorf("%w; and none from a daemon at %s: %v", err, d, derr)
		}
		return vs, nil
	}
	if err != nil {
		return nil, err
	}
	vs, err := api.Versions(db, ref)
	return vs, errors.Join(err, db.Close())
}

// pickVersions returns revisions from and to of vs (0: the defaults).
func pickVersions(vs []store.Record, from, to int) (a, b store.Record, err error) {
	if to == 0 {
		to = vs[len(vs)-1].Revision
	}
	if from == 0 {
		from = to - 1
	}
	if len(vs) < 2 && from < 1 {
		return a, b, errors.New("it has one version only: nothing to compare")
	}
	find := func(n int) (store.Record, bool) {
		for _, v := range vs {
			if v.Revision == n {
				return v, true
			}
		}
		return store.Record{}, false
	}
	a, okA := find(from)
	b, okB := find(to)
	switch {
	case !okA:
		return a, b, fmt.Errorf("no revision %d (it has 1 to %d)", from, vs[len(vs)-1].Revision)
	case !okB:
		return a, b, fmt.Errorf("no revision %d (it has 1 to %d)", to, vs[len(vs)-1].Revision)
	}
	return a, b, nil
}

// comparison is what "diff -json" prints.
type comparison struct {
	Article uint64      `json:"article"`
	URL     string      `json:"url"`
	From    int         `json:"from"`
	To      int         `json:"to"`
	Revised string      `json:"revised,omitempty"` // when revision To was made
	Reason  string      `json:"reason,omitempty"`  // why
	Changes []string    `json:"changes"`           // the fields that differ, text last
	Fields  []fieldDiff `json:"fields"`
}

type fieldDiff struct {
	Field string        `json:"field"`
	Ops   []worddiff.Op `json:"ops"`
}

// compareVersions compares the fields a reader sees of versions a and b.
func compareVersions(a, b store.Record) comparison {
	c := comparison{Article: b.ID, URL: b.URL, From: a.Revision, To: b.Revision, Revised: b.Revised, Reason: b.RevisionReason,
		Changes: []string{}, Fields: []fieldDiff{}}
	fields := []struct{ name, old, new string }{
		{"title", a.Title, b.Title}, {"lead", a.Lead, b.Lead}, {"author", a.Author, b.Author},
		{"published", a.Published, b.Published}, {"withdrawn", withdrawnText(a), withdrawnText(b)},
		{"text", a.Text, b.Text},
	}
	for _, f := range fields {
		ops := worddiff.Diff(f.old, f.new)
		if worddiff.Changed(ops) {
			c.Changes = append(c.Changes, f.name)
			c.Fields = append(c.Fields, fieldDiff{f.name, ops})
		}
	}
	return c
}

// withdrawnText says whether version r was withdrawn, and how.
func withdrawnText(r store.Record) string {
	if r.Withdrawn == "" {
		return ""
	}
	return fmt.Sprintf("withdrawn %s (HTTP %d)", r.Withdrawn, r.WithdrawnStatus)
}

// text is c for a person, each changed field's diff drawn by render.
func (c comparison) text(render func([]worddiff.Op) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "article %d %s\nrevision %d -> %d", c.Article, c.URL, c.From, c.To)
	if c.Revised != "" {
		fmt.Fprintf(&b, " (%s, %s)", c.Revised, c.Reason)
	}
	b.WriteString("\n")
	if len(c.Fields) == 0 {
		b.WriteString("no change in title, lead, author, published time or text\n")
	}
	for _, f := range c.Fields {
		fmt.Fprintf(&b, "\n%s:\n%s\n", f.Field, render(f.Ops))
	}
	return b.String()
}
