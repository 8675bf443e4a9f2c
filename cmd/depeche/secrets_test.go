package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// userInfos are the user information a URL may carry, each with the text
// that must never be shown.
var userInfos = []struct {
	name, userInfo string
	hidden         []string
}{
	{"user-and-password", "alice:s3cret", []string{"alice", "s3cret"}},
	{"user-only", "t0ken-xyz", []string{"t0ken-xyz"}},
	{"password-with-specials", "alice:p@ss!$'()*+,;=w", []string{"alice", "p@ss"}},
	{"percent-encoded", "al%40ice:p%2Fw%3Ad", []string{"al%40ice", "alice", "p%2Fw"}},
}

// secretConfig writes a config whose feed, proxy and NATS URLs carry
// userInfo.
func secretConfig(t *testing.T, userInfo string) string {
	t.Helper()
	return writeFile(t, t.TempDir(), "depeche.yaml", fmt.Sprintf(`
proxy: "http://%[1]s@proxy.example:3128"
feeds:
  - name: paper
    url: "https://%[1]s@paper.example/rss"
cluster:
  nats: ["nats://%[1]s@nats.example:4222"]
`, userInfo))
}

func TestConfigMasksUserInfo(t *testing.T) {
	for _, v := range userInfos {
		t.Run(v.name, func(t *testing.T) {
			out, errOut, err := cli(t, "config", "-config", secretConfig(t, v.userInfo))
			if err != nil {
				t.Fatalf("config: %v\n%s", err, errOut)
			}
			for _, s := range v.hidden {
				if strings.Contains(out, s) {
					t.Errorf("depeche config prints %q:\n%s", s, out)
				}
			}
			for _, want := range []string{"http://***@proxy.example:3128", "https://***@paper.example/rss", "nats://***@nats.example:4222"} {
				if !strings.Contains(out, want) {
					t.Errorf("depeche config lacks %s:\n%s", want, out)
				}
			}
		})
	}
}

// exportedURLs returns the xmlUrl of each feed outline of an OPML list.
func exportedURLs(t *testing.T, list string) []string {
	t.Helper()
	var doc struct {
		Outlines []struct {
			URL string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal([]byte(list), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, list)
	}
	var out []string
	for _, o := range doc.Outlines {
		out = append(out, o.URL)
	}
	return out
}

// TestOPMLExportLeavesUserInfoOut: a feed URL's user and password are
// not in the list unless -secrets asks for them.
func TestOPMLExportLeavesUserInfoOut(t *testing.T) {
	for _, v := range userInfos {
		t.Run(v.name, func(t *testing.T) {
			cfg := secretConfig(t, v.userInfo)
			out, errOut, err := cli(t, "opml", "export", "-config", cfg)
			if err != nil {
				t.Fatalf("opml export: %v\n%s", err, errOut)
			}
			for _, s := range v.hidden {
				if strings.Contains(out, s) {
					t.Errorf("the list holds %q:\n%s", s, out)
				}
			}
			if got := exportedURLs(t, out); len(got) != 1 || got[0] != "https://paper.example/rss" {
				t.Errorf("exported %q, want the URL without its user information", got)
			}
			out, errOut, err = cli(t, "opml", "export", "-secrets", "-config", cfg)
			if err != nil {
				t.Fatalf("opml export -secrets: %v\n%s", err, errOut)
			}
			if got, want := exportedURLs(t, out), "https://"+v.userInfo+"@paper.example/rss"; len(got) != 1 || got[0] != want {
				t.Errorf("exported with -secrets %q, want %q", got, want)
			}
		})
	}
}

// TestOPMLImportMasksUserInfo: the feeds import reports on stderr are
// named without their user information.
func TestOPMLImportMasksUserInfo(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "depeche.yaml", "feeds:\n  - name: paper\n    url: https://alice:s3cret@paper.example/rss\n")
	list := writeFile(t, dir, "feeds.opml", `<opml version="2.0"><body>
<outline text="Paper" xmlUrl="https://alice:s3cret@paper.example/rss"/>
<outline text="Other" xmlUrl="https://bob:hunter2@other.example/rss"/>
<outline text="Again" xmlUrl="https://bob:hunter2@other.example/rss"/>
</body></opml>`)
	_, errOut, err := cli(t, "opml", "import", "-config", cfg, list)
	if err != nil {
		t.Fatalf("opml import: %v\n%s", err, errOut)
	}
	for _, s := range []string{"alice", "s3cret", "bob", "hunter2"} {
		if strings.Contains(errOut, s) {
			t.Errorf("stderr shows %q:\n%s", s, errOut)
		}
	}
	for _, want := range []string{"already in the config as feed paper: https://***@paper.example/rss", "listed earlier in the file: https://***@other.example/rss"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestLogsMaskUserInfo: a feed that cannot be read is logged, with its
// URL and the error, without the user and password the server got.
func TestLogsMaskUserInfo(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			var gotUser, gotPass string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotUser, gotPass, _ = r.BasicAuth()
				http.Error(w, "members only", http.StatusUnauthorized)
			}))
			defer srv.Close()
			dir := t.TempDir()
			feedURL := strings.Replace(srv.URL, "http://", "http://alice:s3cr%40t@", 1) + "/rss"
			cfg := writeFile(t, dir, "depeche.yaml", fmt.Sprintf(
				"archive: %s\nallow_private_networks: true\nlisten: \"\"\nlog:\n  format: %s\nfeeds:\n  - name: paper\n    url: %q\n",
				filepath.Join(dir, "a.db"), format, feedURL))
			_, logs, err := cli(t, "backfill", "-config", cfg)
			if err == nil {
				t.Fatal("backfill of an unreadable feed succeeded")
			}
			if gotUser != "alice" || gotPass != "s3cr@t" {
				t.Errorf("server got %q, %q: the credentials did not reach it", gotUser, gotPass)
			}
			if strings.Contains(logs, "alice") || strings.Contains(logs, "s3cr") {
				t.Errorf("the log shows the user information:\n%s", logs)
			}
			if n := strings.Count(logs, "http://***@127.0.0.1"); n < 2 {
				t.Errorf("the log names the masked URL %d times, want it as url and in err:\n%s", n, logs)
			}
		})
	}
}

// TestErrorsMaskUserInfo: the error a command ends with, printed on
// stderr, does not show a URL's user information.
func TestErrorsMaskUserInfo(t *testing.T) {
	for _, err := range []error{
		errors.New("cluster: connect to NATS: nats://node:s3cret@nats.example:4222: no servers available"),
		usagef("extract: https://alice:s3cret@paper.example/story: not found"),
	} {
		var b strings.Builder
		exitCode(err, &b)
		if strings.Contains(b.String(), "s3cret") || !strings.Contains(b.String(), "://***@") {
			t.Errorf("printed %q", b.String())
		}
	}
}
