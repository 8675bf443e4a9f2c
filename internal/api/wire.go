package api

import (
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Paths of the API.
const (
	PathHealth   = "/healthz"
	PathMetrics  = "/metrics"
	PathFeeds    = "/feeds"
	PathExport   = "/export"
	PathBackup   = "/backup"
	PathBackfill = "/backfill"
	PathReload   = "/reload"
	PathItems    = "/items"
	// PathRevisions serves every version of one article (?article=ID or
	// URL) as a JSON array of export records, oldest first.
	PathRevisions = "/revisions"
	// PathRevisits serves the revisit counts by outcome (RevisitStatus).
	PathRevisits = "/revisits"
)

// Trailers of GET /export: the number of articles written when the export
// is complete, the error when it failed after the status was sent. A
// client that gets neither knows the stream was cut.
const (
	TrailerExported      = "Depeche-Export-Articles"
	TrailerExportSkipped = "Depeche-Export-Skipped" // WARC: articles without a stored page
	TrailerExportShared  = "Depeche-Export-Shared"  // WARC with revisions: versions whose page an earlier one holds
	TrailerExportError   = "Depeche-Export-Error"
)

// Trailers of GET /backup: that the copy is whole, or why it is not.
const (
	TrailerBackupDone  = "Depeche-Backup-Done"
	TrailerBackupError = "Depeche-Backup-Error"
)

// TrailerBackfillError carries why a backfill run by the daemon failed.
const TrailerBackfillError = "Depeche-Backfill-Error"

// timeLayout writes the times of a query; parseQueryTime reads it back.
const timeLayout = time.RFC3339Nano

// queryError is a query parameter the server cannot read: HTTP 400, with
// a message that names the parameter.
type queryError struct {
	param, value, want string
}

func (e *queryError) Error() string {
	return fmt.Sprintf("query parameter %s=%q: %s", e.param, e.value, e.want)
}

// setTime sets param to t in the wire's time encoding, unless t is zero.
func setTime(q url.Values, param string, t time.Time) {
	if !t.IsZero() {
		q.Set(param, t.Format(timeLayout))
	}
}

// queryTime reads param as an RFC 3339 time; absent gives the zero time.
func queryTime(q url.Values, param string) (time.Time, error) {
	s := q.Get(param)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, &queryError{param, s, "not an RFC 3339 time (2025-04-29T14:30:00+07:00)"}
	}
	return t, nil
}

// setFlag sets param to "1" when on.
func setFlag(q url.Values, param string, on bool) {
	if on {
		q.Set(param, "1")
	}
}

// queryFlag reads param: "1" is on, absent or "0" off.
func queryFlag(q url.Values, param string) (bool, error) {
	switch s := q.Get(param); s {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	default:
		return false, &queryError{param, s, "want 1 or 0"}
	}
}

// queryUint reads param as a decimal number; absent gives 0.
func queryUint(q url.Values, param, what string) (uint64, error) {
	s := q.Get(param)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, &queryError{param, s, "not " + what}
	}
	return n, nil
}
