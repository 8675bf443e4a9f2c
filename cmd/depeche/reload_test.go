//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/depeche-archiver/depeche/config"
	"github.com/depeche-archiver/depeche/internal/api"
)

const (
	homeRSS     = "fr.vietnamplus.vn/rss/home.rss"
	economieRSS = "fr.vietnamplus.vn/rss/economie.rss"
	casseRSS    = "fr.vietnamplus.vn/rss/casse.rss"
)

// writeDaemonConfig writes depeche.yaml in dir: the settings writeConfig
// gives, then more (YAML text: settings and a feeds list).
func writeDaemonConfig(t *testing.T, sites *testSites, dir, more string) string {
	t.Helper()
	body := fmt.Sprintf("archive: %s\nallow_private_networks: true\nproxy: %s\nlisten: 127.0.0.1:0\nlog:\n  level: debug\n%s",
		filepath.Join(dir, "archive.db"), sites.URL, more)
	path := filepath.Join(dir, "depeche.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// waitPolls reads the log until feed was polled n more times.
func waitPolls(t *testing.T, log *bufio.Scanner, feed string, n int) {
	t.Helper()
	for range n {
		waitLog(t, log, "msg=poll ", "feed="+feed+" ")
	}
}

func hup(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
}

// TestReloadAddsRemovesAndChangesFeeds reloads a running daemon on
// SIGHUP: an added feed is polled, a removed one is no longer, a changed
// interval applies at once; then "depeche reload" reloads through the
// listener and names the settings that wait for a restart.
func TestReloadAddsRemovesAndChangesFeeds(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	cfg := writeDaemonConfig(t, sites, dir, "host_delay: 5ms\nfeeds:\n"+
		"  - name: vna-fr\n    url: http://"+homeRSS+"\n    interval: 1h\n"+
		"  - name: vna-fr-economie\n    url: http://"+economieRSS+"\n    interval: 1s\n")
	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	client := withListen(t, cfg, addr)
	// The feeds share articles: which archives them first varies.
	waitLogs(t, log, []string{"msg=poll ", "feed=vna-fr ", "outcome=ok"}, []string{"msg=poll ", "feed=vna-fr-economie "})
	waitPolls(t, log, "vna-fr-economie", 1)

	writeDaemonConfig(t, sites, dir, "host_delay: 6ms\nfeeds:\n"+
		"  - name: vna-fr\n    url: http://"+homeRSS+"\n    interval: 1s\n"+
		"  - name: vna-fr-casse\n    url: http://"+casseRSS+"\n")
	homeBefore := sites.count(homeRSS)
	hup(t, cmd.Process.Pid)
	waitLog(t, log, `msg="config reloaded"`, "feeds=2", "added=1", "removed=1", "changed=1")

	// vna-fr was due in an hour: its new interval brings its next poll
	// forward. The added feed is polled.
	waitLogs(t, log, []string{`msg="poll failed"`, "feed=vna-fr-casse "}, []string{"msg=poll ", "feed=vna-fr "})
	if sites.count(homeRSS) <= homeBefore || sites.count(casseRSS) == 0 {
		t.Errorf("after the reload: %d polls of vna-fr (%d before), %d of the added feed; want more, and some",
			sites.count(homeRSS), homeBefore, sites.count(casseRSS))
	}
	// The removed feed, polled every second before, is polled no more
	// while vna-fr is polled three times at the same interval. The first
	// poll of vna-fr lets a poll of it in flight at the reload end.
	waitPolls(t, log, "vna-fr", 1)
	stopped := sites.count(economieRSS)
	waitPolls(t, log, "vna-fr", 3)
	if n := sites.count(economieRSS); n != stopped {
		t.Errorf("the removed feed was polled %d times after the reload, want 0", n-stopped)
	}

	status, body := get(t, "http://"+addr+"/feeds", "")
	if status != http.StatusOK || !strings.Contains(body, `"vna-fr-casse"`) || strings.Contains(body, "economie") {
		t.Errorf("GET /feeds after the reload = %d %s, want vna-fr and vna-fr-casse only", status, body)
	}

	out, _, err := cli(t, "reload", "-config", client)
	if err != nil {
		t.Fatalf("depeche reload: %v", err)
	}
	want := "reloaded: 2 feeds, 0 added, 0 removed, 0 changed\n" +
		"these settings changed but apply only after a restart: host_delay\n"
	if out != want {
		t.Errorf("depeche reload printed %q, want %q", out, want)
	}
	waitLog(t, log, "level=WARN", "restart", "settings=host_delay")
	stopDaemon(t, cmd, log)
}

// TestReloadRefusesBrokenConfig: a config that does not validate, on
// SIGHUP or through the listener, is refused with the error start-up
// gives, and the daemon carries on polling as before.
func TestReloadRefusesBrokenConfig(t *testing.T) {
	t.Parallel()
	sites := newTestSites(t)
	dir := t.TempDir()
	feedsYAML := "feeds:\n  - name: vna-fr\n    url: http://" + homeRSS + "\n    interval: 1s\n"
	cfg := writeDaemonConfig(t, sites, dir, "host_delay: 5ms\n"+feedsYAML)
	cmd, log := startDaemon(t, cfg)
	addr := listenAddr(t, log)
	client := withListen(t, cfg, addr)
	waitLog(t, log, "msg=poll ", "feed=vna-fr ", "new=7")

	writeDaemonConfig(t, sites, dir, "host_delay: 5ms\n"+feedsYAML+"  - name: vna-fr\n    url: http://"+economieRSS+"\n")
	_, startErr := config.Load(cfg)
	if startErr == nil {
		t.Fatal("the broken config loads")
	}
	const wantErr = `depeche.yaml:12: feeds[1].name: "vna-fr" is already the name of feeds[0]`
	if !strings.HasSuffix(startErr.Error(), wantErr) {
		t.Fatalf("start-up error %q, want it to end with %q", startErr, wantErr)
	}

	hup(t, cmd.Process.Pid)
	waitLog(t, log, "level=ERROR", `msg="config reload refused`, "by=SIGHUP", "depeche.yaml:12: feeds[1].name: ")
	_, _, err := cli(t, "reload", "-config", client)
	if err == nil || !strings.Contains(err.Error(), "refused its config") || !strings.Contains(err.Error(), startErr.Error()) {
		t.Errorf("depeche reload: err %v, want the daemon's refusal with %q", err, startErr)
	}
	var stderr strings.Builder
	if code := exitCode(err, &stderr); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	status, res := postReload(t, "http://"+addr)
	if status != http.StatusUnprocessableEntity || res.Error != startErr.Error() {
		t.Errorf("POST /reload = %d %+v, want 422 and the config error", status, res)
	}

	waitPolls(t, log, "vna-fr", 2) // still polled, on the old schedule
	if sites.count(economieRSS) != 0 {
		t.Errorf("the refused config's feed was polled")
	}
	if status, body := get(t, "http://"+addr+"/healthz", ""); status != http.StatusOK {
		t.Errorf("GET /healthz after the refusals = %d %q, want 200", status, body)
	}
	stopDaemon(t, cmd, log)
}

// postReload posts /reload and decodes the answer.
func postReload(t *testing.T, base string) (int, api.ReloadResult) {
	t.Helper()
	resp, err := http.Post(base+"/reload", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res api.ReloadResult
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, res
}

// TestReloadWithoutDaemon: with no daemon to ask, reload says why and
// exits 1.
func TestReloadWithoutDaemon(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, listen, want string
	}{
		{"nothing-listens", closedPort(t), "no daemon answered at http://"},
		{"any-port", "127.0.0.1:0", "names no port to reach the daemon on; send it SIGHUP"},
		{"no-listener", "", `listen address ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := filepath.Join(t.TempDir(), "depeche.yaml")
			if err := os.WriteFile(cfg, []byte(fmt.Sprintf("listen: %q\n", tt.listen)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, _, err := cli(t, "reload", "-config", cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("reload: err %v, want %q", err, tt.want)
			}
			if code := exitCode(err, io.Discard); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
		})
	}
}
