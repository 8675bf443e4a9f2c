package fetch

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestIsPrivate(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"::1", true},
		{"10.0.0.1", true},
		{"10.255.255.255", true},
		{"172.16.0.1", true},
		{"172.31.255.254", true},
		{"192.168.1.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"fe80::1", true},
		{"fc00::1", true},
		{"0.0.0.0", true},
		{"::", true},
		{"100.64.0.1", true},
		{"100.127.255.254", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.1.2.3", true},
		{"224.0.0.251", true},
		{"1.1.1.1", false},
		{"8.8.8.8", false},
		{"172.32.0.1", false},  // just past 172.16/12
		{"100.128.0.1", false}, // just past 100.64/10
		{"2a00:1450::1", false},
		{"::ffff:1.1.1.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			if got := isPrivate(netip.MustParseAddr(tt.addr)); got != tt.want {
				t.Errorf("isPrivate(%s) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}

func TestClientPrivateNetworkGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if _, err := w.Write(fixture(t, "rss.xml")); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()

	tests := []struct {
		name         string
		allowPrivate bool
		wantBlocked  bool
	}{
		{name: "loopback-refused-by-default", allowPrivate: false, wantBlocked: true},
		{name: "loopback-reached-when-allowed", allowPrivate: true, wantBlocked: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{AllowPrivateNetworks: tt.allowPrivate}.withDefaults()
			c := testClient(t, o)

			t.Run("raw-get", func(t *testing.T) {
				resp, err := c.Get(srv.URL + "/feed.xml")
				if tt.wantBlocked {
					wantFetchError(t, err, KindBlocked, 0)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				if _, err := io.Copy(io.Discard, resp.Body); err != nil {
					t.Fatal(err)
				}
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d, want 200", resp.StatusCode)
				}
			})
			t.Run("feed", func(t *testing.T) {
				doc, err := newTestClient(t, o).Feed(context.Background(), srv.URL+"/feed.xml", nil, Validators{})
				if tt.wantBlocked {
					fe := wantFetchError(t, err, KindBlocked, 0)
					if fe.URL != srv.URL+"/feed.xml" {
						t.Errorf("Error.URL = %q, want the feed URL", fe.URL)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(doc.Body) == 0 {
					t.Fatal("empty feed")
				}
			})
			t.Run("page", func(t *testing.T) {
				_, err := fetchPage(t, context.Background(), srv.URL+"/page.html", o)
				if tt.wantBlocked {
					wantFetchError(t, err, KindBlocked, 0)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
			})
		})
	}
}

// TestClientConfiguredProxyIsExempt: a proxy the user configured on a
// private address is dialled; the guard still holds without it.
func TestClientConfiguredProxyIsExempt(t *testing.T) {
	var sawAbsolute string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sawAbsolute = r.URL.String() // a proxy receives the absolute URL
		if _, err := io.WriteString(w, "via proxy"); err != nil {
			t.Error(err)
		}
	}))
	defer proxy.Close()

	c := testClient(t, Options{Proxy: proxy.URL})
	resp, err := c.Get("http://feeds.example/news.xml")
	if err != nil {
		t.Fatalf("through the configured proxy: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != "via proxy" || sawAbsolute != "http://feeds.example/news.xml" {
		t.Errorf("body %q, proxy saw %q: the request did not go through the proxy", body, sawAbsolute)
	}
}

func TestNewRejectsBadProxy(t *testing.T) {
	for _, raw := range []string{"socks5://127.0.0.1:1080", "127.0.0.1:3128", "http://"} {
		t.Run(raw, func(t *testing.T) {
			if _, err := New(Options{Proxy: raw}); err == nil {
				t.Errorf("newClient accepted proxy %q", raw)
			}
		})
	}
}
