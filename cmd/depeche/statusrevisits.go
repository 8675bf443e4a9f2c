package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// revisitStatus asks the running daemon for the revisit counts and, when
// none answers, reads them from the archive. It returns them and a line
// saying where they came from.
func revisitStatus(ctx context.Context, cfg *config.Config) (api.RevisitStatus, string, error) {
	return fromDaemonOrArchive(ctx, cfg,
		func(d *api.Client) (api.RevisitStatus, error) { return d.Revisits(ctx) },
		func(db *store.DB) (api.RevisitStatus, error) { return api.Revisits(db.Revisits) })
}

// feedsAndRevisits is what the status table shows: the feeds, then the
// revisit counts.
type feedsAndRevisits struct {
	feeds    []api.FeedStatus
	revisits api.RevisitStatus
}

// statusView reads the feeds' states and the revisit counts from one
// source: the running daemon, else the archive, opened once.
func statusView(ctx context.Context, cfg *config.Config, fl []store.Feed) (feedsAndRevisits, string, error) {
	return fromDaemonOrArchive(ctx, cfg,
		func(d *api.Client) (feedsAndRevisits, error) {
			rows, err := d.Feeds(ctx)
			if err != nil {
				return feedsAndRevisits{}, err
			}
			st, err := d.Revisits(ctx)
			return feedsAndRevisits{rows, st}, err
		},
		func(db *store.DB) (feedsAndRevisits, error) {
			rows, err := api.FeedStatuses(db.FeedStates, db.Coverage, fl)
			if err != nil {
				return feedsAndRevisits{}, err
			}
			st, err := api.Revisits(db.Revisits)
			return feedsAndRevisits{rows, st}, err
		})
}

// printRevisits writes the revisit counts, read from source: as JSON with
// the source line on stderr, or as lines under the source line, times in
// local time.
func printRevisits(stdout, stderr io.Writer, source string, asJSON bool, st api.RevisitStatus) error {
	if asJSON {
		fmt.Fprintln(stderr, source)
		return json.NewEncoder(stdout).Encode(st)
	}
	fmt.Fprintln(stdout, source)
	_, err := fmt.Fprintln(stdout, revisitLine(st, time.Local))
	return err
}

// revisitLine says in one line how the revisits went and what is to come.
func revisitLine(st api.RevisitStatus, loc *time.Location) string {
	return fmt.Sprintf("revisits: %d unchanged, %d changed, %d withdrawn, %d failed; %d articles to revisit, next %s",
		st.Unchanged, st.Changed, st.Withdrawn, st.Failed, st.Scheduled, tableTime(st.Next, loc))
}
