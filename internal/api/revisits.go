package api

import (
	"context"
	"net/http"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// RevisitStatus counts the revisits of archived articles by outcome, and
// the articles still on the revisit schedule, as GET /revisits serves it
// and "status -revisits -json" prints it. Next is when the earliest
// revisit is due, UTC, omitted when none is.
type RevisitStatus struct {
	Unchanged int       `json:"unchanged"`
	Changed   int       `json:"changed"`
	Withdrawn int       `json:"withdrawn"`
	Failed    int       `json:"failed"`
	Scheduled int       `json:"scheduled"`
	Next      time.Time `json:"next,omitzero"`
}

// RevisitSource reads the archive's revisit counts: (*store.DB).Revisits.
type RevisitSource func() (store.RevisitStats, error)

// Revisits returns the revisit counts src reads.
func Revisits(src RevisitSource) (RevisitStatus, error) {
	s, err := src()
	if err != nil {
		return RevisitStatus{}, err
	}
	return RevisitStatus{Unchanged: s.Unchanged, Changed: s.Changed, Withdrawn: s.Withdrawn, Failed: s.Failed,
		Scheduled: s.Scheduled, Next: utc(s.Next)}, nil
}

// serveRevisits answers the revisit counts as a JSON object.
func (s *Server) serveRevisits(w http.ResponseWriter, _ *http.Request) {
	st, err := Revisits(s.o.DB.Revisits)
	if err != nil {
		s.o.Logger.Error("serve "+PathRevisits, "err", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, PathRevisits, st)
}

// Revisits returns the daemon's GET /revisits, waiting at most
// answerTimeout.
func (c *Client) Revisits(ctx context.Context) (RevisitStatus, error) {
	var st RevisitStatus
	return st, c.getJSON(ctx, PathRevisits, nil, &st)
}
