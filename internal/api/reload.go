package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ReloadResult is what a reload did, the JSON body of POST /reload's
// answer.
type ReloadResult struct {
	Feeds   int      `json:"feeds"`
	Added   int      `json:"added"`
	Removed int      `json:"removed"`
	Changed int      `json:"changed"`
	Restart []string `json:"restart_needed,omitempty"` // changed settings that wait for a restart, by config key
	Error   string   `json:"error,omitempty"`          // why the config was refused (status 422)
}

// serveReload answers POST /reload: 200 with what changed, or 422 with
// the config's error when it was refused.
func (s *Server) serveReload(w http.ResponseWriter, _ *http.Request) {
	res, err := s.o.Reload()
	status := http.StatusOK
	if err != nil {
		res.Error, status = strings.TrimSpace(err.Error()), http.StatusUnprocessableEntity
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(res); err != nil {
		s.o.Logger.Debug("serve /reload: client went away", "err", err)
	}
}

// Reload asks the daemon to reload its config: the outcome, or an error
// saying that no daemon answered, or why the config was refused.
func (c *Client) Reload(ctx context.Context) (ReloadResult, error) {
	resp, err := c.send(ctx, http.MethodPost, PathReload, nil)
	if err != nil {
		return ReloadResult{}, fmt.Errorf("no daemon answered at %s: %w", c, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return ReloadResult{}, fmt.Errorf("POST %s: %w", PathReload, err)
	}
	var res ReloadResult
	if json.Unmarshal(body, &res) != nil { // not our daemon's answer: show what came
		return ReloadResult{}, fmt.Errorf("POST %s at %s: %s: %s", PathReload, c, resp.Status, strings.TrimSpace(string(body)))
	}
	if resp.StatusCode == http.StatusUnprocessableEntity {
		return res, fmt.Errorf("the daemon refused its config and carries on with the one it had: %s", res.Error)
	}
	if resp.StatusCode != http.StatusOK {
		return res, fmt.Errorf("POST %s at %s: %s", PathReload, c, resp.Status)
	}
	return res, nil
}
