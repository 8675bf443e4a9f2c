package api

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/internal/testkit"
	"github.com/depeche-archiver/depeche/store"
)

// call sends method to u with the headers h ("Host" sets the request's
// Host) through c (the default client when nil) and returns the response
// and its body.
func call(t *testing.T, c *http.Client, method, u string, h http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if host := h.Get("Host"); host != "" {
		req.Host = host
	}
	if c == nil {
		c = http.DefaultClient
	}
	return testkit.Send(t, c.Do, req)
}

// indexOf opens db's search index, up to date; it is closed when the test
// ends.
func indexOf(t *testing.T, db *store.DB) *search.Index {
	t.Helper()
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.CatchUp(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// portOf is the port of a base URL.
func portOf(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// TestRebindingHostIsRefused: a page whose name resolves to the machine
// (DNS rebinding) sends its own name as Host; the listener answers 421
// before any route, on every interface it may listen on, and keeps
// answering its own names, loopback and the names in hosts.
func TestRebindingHostIsRefused(t *testing.T) {
	paths := []string{PathExport, PathBackup, "/articles/1", PathFeeds, PathHealth, PathMetrics, PathSearch + "?format=json&q=story"}
	for _, listen := range []string{"127.0.0.1:0", "0.0.0.0:0", "localhost:0", "[::]:0"} {
		t.Run(listen, func(t *testing.T) {
			o := testOptions(archiveOf(t, 2), true, listen, "")
			o.RequireToken = false // what is refused here is the Host, token or not
			o.UI = pageUI
			o.Search = NewSearcher(indexOf(t, o.DB), o.DB, SearchLimits{})
			o.Hosts = []string{"news.example.org", "proxy.example:8443", "[2001:db8::7]"}
			base := serve(t, NewServer(o), listen)
			port := portOf(t, base)
			other := strconv.Itoa(map[bool]int{true: 8078, false: 8077}[port == "8077"])
			refused := []string{
				"attacker.example:" + port, "attacker.example", "ATTACKER.example:" + port,
				"localhost.attacker.example:" + port, "127.0.0.1.attacker.example:" + port, "attacker.example.:" + port,
				"localhost:" + other, "127.0.0.1:" + other, "[::1]:" + other, "localhost", "127.0.0.1",
				"news.example.org.evil.example", "evil-news.example.org", "proxy.example", "proxy.example:" + port,
				"2001:db8::7", "0.0.0.0:" + port,
			}
			allowed := []string{
				"127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port, "127.0.0.2:" + port,
				"news.example.org", "news.example.org:443", "NEWS.example.org:" + port, "proxy.example:8443", "[2001:db8::7]:80",
			}
			for _, path := range paths {
				for _, host := range refused {
					resp, body := call(t, nil, http.MethodGet, base+path, http.Header{"Host": {host}})
					if resp.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(body, "hosts:") || strings.Contains(body, "story") {
						t.Errorf("GET %s with Host %q = %s %.80q, want 421 saying how to allow the name", path, host, resp.Status, body)
					}
				}
				for _, host := range allowed {
					if resp, body := call(t, nil, http.MethodGet, base+path, http.Header{"Host": {host}}); resp.StatusCode != http.StatusOK {
						t.Errorf("GET %s with Host %q = %s %.80q, want 200", path, host, resp.Status, body)
					}
				}
			}
		})
	}
}

// TestHostIsTheAddressReached: a listener on every interface answers for
// the address a client reached it at, and not for another address of
// the machine, a name, or its own address with another port.
func TestHostIsTheAddressReached(t *testing.T) {
	addr := nonLoopbackAddr(t)
	o := testOptions(archiveOf(t, 1), true, "0.0.0.0:0", "")
	o.RequireToken = false
	port := portOf(t, serve(t, NewServer(o), "0.0.0.0:0"))
	base := "http://" + net.JoinHostPort(addr, port)
	for host, want := range map[string]int{
		net.JoinHostPort(addr, port):        http.StatusOK,
		net.JoinHostPort("127.0.0.1", port): http.StatusOK, // listening everywhere includes loopback
		net.JoinHostPort(addr, "1"):         http.StatusMisdirectedRequest,
		net.JoinHostPort("192.0.2.1", port): http.StatusMisdirectedRequest,
		"attacker.example:" + port:          http.StatusMisdirectedRequest,
	} {
		if resp, body := call(t, nil, http.MethodGet, base+PathFeeds, http.Header{"Host": {host}}); resp.StatusCode != want {
			t.Errorf("GET /feeds at %s with Host %q = %s %.80q, want %d", base, host, resp.Status, body, want)
		}
	}
}

// nonLoopbackAddr is an IPv4 address of this machine other than loopback;
// it skips the test when the machine has none.
func nonLoopbackAddr(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("no interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	t.Skip("this machine has no IPv4 address but loopback")
	return ""
}

// TestCommandsReachTheDaemonOnEveryListen: the commands' client sends a
// Host the listener answers for, whatever listen says.
func TestCommandsReachTheDaemonOnEveryListen(t *testing.T) {
	for _, listen := range []string{"127.0.0.1:0", "0.0.0.0:0", "localhost:0", "[::]:0", ":0", "[::1]:0"} {
		t.Run(listen, func(t *testing.T) {
			const token = "0123456789abcdef"
			o := testOptions(archiveOf(t, 1), true, listen, token)
			reloads := 0
			o.Reload = func() (ReloadResult, error) { reloads++; return ReloadResult{}, nil }
			port := portOf(t, serve(t, NewServer(o), listen))
			host, _, _ := net.SplitHostPort(listen)
			c := NewClient(net.JoinHostPort(host, port), token)
			if _, err := c.Feeds(context.Background()); err != nil {
				t.Errorf("status through %s: %v", c, err)
			}
			if _, err := c.Reload(context.Background()); err != nil || reloads != 1 {
				t.Errorf("reload through %s: %v after %d reloads, want 1", c, err, reloads)
			}
			if _, err := c.Revisions(context.Background(), "1"); err != nil {
				t.Errorf("revisions through %s: %v", c, err)
			}
		})
	}
}

// TestSplitHost: splitHost reads the Host header and the hosts entries
// alike.
func TestSplitHost(t *testing.T) {
	tests := []struct{ in, name, port string }{
		{"news.example.org", "news.example.org", ""},
		{"News.Example.ORG:8443", "news.example.org", "8443"},
		{"[::1]:8077", "::1", "8077"},
		{"[::1]", "::1", ""},
		{"[::ffff:127.0.0.1]:80", "127.0.0.1", "80"},
		{"[2001:DB8::1]", "2001:db8::1", ""},
	}
	for _, tt := range tests {
		if name, port, ok := splitHost(tt.in); !ok || name != tt.name || port != tt.port {
			t.Errorf("splitHost(%q) = %q, %q, %v; want %q, %q", tt.in, name, port, ok, tt.name, tt.port)
		}
	}
	if _, _, ok := splitHost(":8077"); ok {
		t.Error("splitHost(:8077) ok, want no name")
	}
}
