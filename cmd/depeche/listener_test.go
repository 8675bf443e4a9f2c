//go:build unix

package main

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/testkit"
)

// TestDaemonListenerRefusesOtherSites runs the daemon as people do, with
// a reverse proxy's name in hosts: a rebinding Host reads no export, a
// POST /reload from another site's page reloads nothing, and the proxy's
// name and the commands keep working.
func TestDaemonListenerRefusesOtherSites(t *testing.T) {
	const token = "daemon-test-token-0123"
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := writeDaemonConfig(t, sites, dir, "token: "+token+"\nhosts: [news.example.org]\nfeeds:\n"+
		"  - name: vna-fr\n    url: http://"+homeRSS+"\n    interval: 1h\n")
	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	client := withListen(t, cfg, addr)
	waitLog(t, log, "msg=poll ", "feed=vna-fr ", "outcome=ok")
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	send := func(method, path string, h http.Header) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), method, "http://"+addr+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header = h
		req.Header.Set("Authorization", "Bearer "+token)
		req.Host = h.Get("Host")
		resp, body := testkit.Send(t, http.DefaultTransport.RoundTrip, req)
		return resp.StatusCode, body
	}
	for _, host := range []string{"attacker.example:" + port, "attacker.example"} {
		for _, path := range []string{"/export", "/backup", "/articles/1"} {
			if status, body := send(http.MethodGet, path, http.Header{"Host": {host}}); status != http.StatusMisdirectedRequest || strings.Contains(body, "vietnamplus") {
				t.Errorf("GET %s with Host %q = %d %.80q, want 421", path, host, status, body)
			}
		}
	}
	if status, body := send(http.MethodGet, "/export", http.Header{"Host": {"news.example.org"}}); status != http.StatusOK || !strings.Contains(body, "vietnamplus") {
		t.Errorf("GET /export through the proxy's name = %d %.80q, want 200 and the export", status, body)
	}
	for name, h := range map[string]http.Header{
		"evil-origin": {"Origin": {"https://evil.example"}, "Content-Type": {"text/plain"}},
		"cross-site":  {"Sec-Fetch-Site": {"cross-site"}, "Content-Type": {"text/plain"}},
	} {
		for _, path := range []string{"/reload", "/backfill?restart=1"} {
			if status, body := send(http.MethodPost, path, h); status != http.StatusForbidden {
				t.Errorf("%s: POST %s = %d %.80q, want 403", name, path, status, body)
			}
		}
	}
	out, _, err := cli(t, "reload", "-config", client)
	if err != nil || !strings.HasPrefix(out, "reloaded: 1 feeds") {
		t.Errorf("depeche reload: %q, %v", out, err)
	}
	if out, _, err := cli(t, "status", "-config", client); err != nil || !strings.Contains(out, "vna-fr") {
		t.Errorf("depeche status: %q, %v", out, err)
	}
	stopDaemon(t, cmd, log)
}
