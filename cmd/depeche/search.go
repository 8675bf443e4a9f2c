package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("search", "[-config FILE] [-feed NAME] [-since T] [-until T] [-n 20] [-json] QUERY",
		"Searches the archive's full-text index: through the running daemon when one answers,\n"+
			"else from the index beside the archive (brought up to date with the archive first).\n"+
			"QUERY: words (all must match), \"exact phrases\", -word or -\"phrase\" to exclude,\n"+
			"feed:NAME, lang:fr, source:page|feed, published>=2025-01-01 (also >, <=, <, and\n"+
			"published:DAY). -since and -until bound the published time (a day or RFC 3339).", stderr)
	cfgPath := configFlag(fs)
	feed := fs.String("feed", "", "only articles of the feed `NAME`")
	since := timeFlag(fs, "since", "only articles published at or after `T` (2025-01-31 or RFC 3339)")
	until := timeFlag(fs, "until", "only articles published before `T`")
	n := fs.Int("n", 20, "how many results (at most 200)")
	asJSON := fs.Bool("json", false, "print the results as JSON, as GET /search?format=json serves them")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > search.MaxSize {
		return usagef("-n %d: want 1 to %d", *n, search.MaxSize)
	}
	req := api.SearchRequest{Q: strings.Join(fs.Args(), " "), Feed: *feed, Since: *since.t, Until: *until.t, Size: *n}
	if _, err := search.Parse(req.Q); err != nil {
		return usagef("query: %v", err)
	}
	cfg, err := loadConfig(*cfgPath)
	if err != nil {
		return err
	}
	limits := searchLimits(cfg)
	if _, err := search.ParseLimited(req.Q, limits.Query); err != nil {
		return usagef("query: %v (%s in the config)", err, limitKey(err))
	}
	res, source, err := searchDaemonOrIndex(ctx, cfg, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, source)
	if *asJSON {
		return json.NewEncoder(stdout).Encode(res)
	}
	return writeSearchResults(stdout, res, time.Local)
}

// searchDaemonOrIndex asks the running daemon to run req and, when none
// answers, runs it on the index beside the archive.
func searchDaemonOrIndex(ctx context.Context, cfg *config.Config, req api.SearchRequest) (api.SearchResponse, string, error) {
	return fromDaemonOrArchive(ctx, cfg,
		func(d *api.Client) (api.SearchResponse, error) { return d.Search(ctx, req) },
		func(db *store.DB) (api.SearchResponse, error) { return searchIndex(ctx, db, req, searchLimits(cfg)) })
}

// searchLimits are the bounds of a search that cfg sets, for the daemon's
// listener and the search command alike.
func searchLimits(cfg *config.Config) api.SearchLimits {
	s := cfg.Search
	return api.SearchLimits{
		Query:         search.Limits{MaxBytes: s.MaxQueryBytes, MaxTerms: s.MaxTerms},
		Timeout:       s.Timeout.D(),
		MaxConcurrent: s.MaxConcurrent,
	}
}

// limitKey is the config key of the limit err is over.
func limitKey(err error) string {
	var le *search.LimitError
	if errors.As(err, &le) && le.Unit == "bytes" {
		return "search.max_query_bytes"
	}
	return "search.max_terms"
}

// searchIndex opens the index of db, catches up with db and runs req
// within limits.
func searchIndex(ctx context.Context, db *store.DB, req api.SearchRequest, limits api.SearchLimits) (api.SearchResponse, error) {
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		return api.SearchResponse{}, err
	}
	if _, err := ix.CatchUp(ctx, db, nil); err != nil {
		return api.SearchResponse{}, errors.Join(err, ix.Close())
	}
	res, err := api.NewSearcher(ix, db, limits).Search(ctx, req)
	return res, errors.Join(err, ix.Close())
}

// writeSearchResults writes each hit, its title line then its snippets
// with the matched words between asterisks, times in loc.
func writeSearchResults(w io.Writer, res api.SearchResponse, loc *time.Location) error {
	fmt.Fprintf(w, "%d of %d results (%.1f ms)\n", len(res.Hits), res.Total, res.TookMS)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, h := range res.Hits {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", h.ID, tableTime(h.Published, loc), strings.Join(h.Feeds, ","), h.Title)
		for _, s := range h.Snippets {
			fmt.Fprintf(tw, "\t\t\t%s\n", snippetText(s))
		}
	}
	return tw.Flush()
}

// snippetText is a snippet on one line, the matched words in asterisks.
func snippetText(parts []api.SnippetPart) string {
	var b strings.Builder
	for _, p := range parts {
		text := strings.Join(strings.Fields(p.Text), " ")
		if strings.HasPrefix(p.Text, " ") || strings.HasPrefix(p.Text, "\n") {
			text = " " + text
		}
		if strings.HasSuffix(p.Text, " ") || strings.HasSuffix(p.Text, "\n") {
			text += " "
		}
		if p.Hit {
			text = "*" + text + "*"
		}
		b.WriteString(text)
	}
	return strings.TrimSpace(b.String())
}

// timeValue is a flag holding a day or an RFC 3339 time.
type timeValue struct{ t *time.Time }

func (v timeValue) String() string {
	if v.t == nil || v.t.IsZero() {
		return ""
	}
	return v.t.Format(time.RFC3339)
}

func (v timeValue) Set(s string) error {
	t, _, err := search.ParseTime(s)
	if err != nil {
		return err
	}
	*v.t = t
	return nil
}

// timeFlag defines a flag holding a day or an RFC 3339 time.
func timeFlag(fs *flag.FlagSet, name, usage string) timeValue {
	v := timeValue{t: new(time.Time)}
	fs.Var(v, name, usage)
	return v
}
