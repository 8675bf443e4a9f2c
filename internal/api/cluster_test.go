package api

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/store"
)

func TestHealthzSaysWhyAClusterNodeIsOut(t *testing.T) {
	tests := []struct {
		name   string
		health error
		status int
		says   string
	}{
		{"node-live", nil, http.StatusOK, "ok"},
		{"nats-unreachable", errors.New("heartbeat: no servers available"), http.StatusServiceUnavailable, "cluster: heartbeat: no servers available"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "")
			o.Cluster = func() error { return tt.health }
			srv := httptest.NewServer(NewServer(o).Handler())
			defer srv.Close()
			status, body := do(t, http.MethodGet, srv.URL+PathHealth, "")
			if status != tt.status || !strings.Contains(body, tt.says) {
				t.Errorf("GET /healthz = %d %q, want %d saying %q", status, body, tt.status, tt.says)
			}
		})
	}
}
