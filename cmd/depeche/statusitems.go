package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
	"github.com/depeche-archiver/depeche/store"
)

// itemTitleWidth is how much of an item's title the table shows: the link
// beside it is what finds the item.
const itemTitleWidth = 50

// itemRows asks the running daemon for the items of the feeds fl (feed
// alone when named) not archived from their page and, when none answers,
// reads them from the archive. It returns the rows and a line saying where
// they came from.
func itemRows(ctx context.Context, cfg *config.Config, fl []store.Feed, feed string) ([]api.ItemStatus, string, error) {
	return fromDaemonOrArchive(ctx, cfg,
		func(d *api.Client) ([]api.ItemStatus, error) { return d.Items(ctx, api.ItemsRequest{Feed: feed}) },
		func(db *store.DB) ([]api.ItemStatus, error) { return api.ItemStatuses(db, fl, "") })
}

// writeItemsTable writes one line per item, times in loc.
func writeItemsTable(w io.Writer, rows []api.ItemStatus, loc *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tSTATE\tREASON\tHTTP\tTRIES\tLAST TRY\tNEXT TRY\tLINK\tTITLE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", r.Feed, r.State, orDash(r.Reason),
			httpStatus(r.HTTPStatus), r.Tries, tableTime(r.LastTry, loc), tableTime(r.NextTry, loc),
			itemName(r), truncate(r.Title, itemTitleWidth))
	}
	return tw.Flush()
}

// itemName is what finds the item: its link, else its GUID.
func itemName(r api.ItemStatus) string {
	if r.Link != "" {
		return r.Link
	}
	return orDash(r.GUID)
}

// httpStatus is the status of an item's last answer, "-" when none came.
func httpStatus(code int) string {
	if code == 0 {
		return "-"
	}
	return strconv.Itoa(code)
}

// orDash is s, "-" when empty: a table cell is never blank.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
