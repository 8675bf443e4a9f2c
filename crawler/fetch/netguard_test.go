package fetch

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// TestGuardRefusesEveryNonGlobalAddress: each kind of address that is not
// globally routable, IPv4 and IPv6, is refused, and so is an address of
// this machine; public addresses beside them pass.
func TestGuardRefusesEveryNonGlobalAddress(t *testing.T) {
	own := []net.Addr{
		&net.IPNet{IP: net.ParseIP("127.0.0.1"), Mask: net.CIDRMask(8, 32)},
		&net.IPNet{IP: net.ParseIP("93.184.215.14"), Mask: net.CIDRMask(24, 32)},
		&net.IPNet{IP: net.ParseIP("2a02:1:2::7"), Mask: net.CIDRMask(64, 128)},
	}
	g := &guard{ownAddrs: func() ([]net.Addr, error) { return own, nil }}
	tests := []struct {
		addr    string
		refused bool
	}{
		// IPv4, the special-purpose registry.
		{"0.0.0.0", true},
		{"0.1.2.3", true}, // "this network", not only 0.0.0.0
		{"0.255.255.255", true},
		{"10.0.0.1", true},
		{"10.255.255.255", true},
		{"100.64.0.1", true},
		{"100.127.255.254", true},
		{"127.0.0.1", true},
		{"127.8.9.10", true},
		{"169.254.169.254", true}, // cloud metadata
		{"172.16.0.1", true},
		{"172.31.255.254", true},
		{"192.0.0.1", true},
		{"192.0.0.9", true}, // global anycast, refused with its /24
		{"192.0.2.1", true},
		{"192.88.99.1", true},
		{"192.168.1.1", true},
		{"198.18.0.1", true},
		{"198.19.255.254", true},
		{"198.51.100.7", true},
		{"203.0.113.9", true},
		{"224.0.0.251", true},
		{"239.255.255.250", true},
		{"240.0.0.1", true},
		{"250.1.2.3", true},
		{"255.255.255.255", true},
		// IPv4, public, next to the ranges.
		{"1.1.1.1", false},
		{"8.8.8.8", false},
		{"9.255.255.255", false},
		{"100.63.255.255", false},
		{"100.128.0.1", false},
		{"172.32.0.1", false},
		{"192.0.1.255", false},
		{"192.0.3.0", false},
		{"192.31.196.1", false}, // AS112, globally reachable
		{"198.17.255.255", false},
		{"198.20.0.0", false},
		{"223.255.255.255", false},
		// IPv6.
		{"::", true},
		{"::1", true},
		{"::7f00:1", true}, // IPv4-compatible, deprecated
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.1.2.3", true},
		{"::ffff:198.18.0.1", true},
		{"::ffff:1.1.1.1", false},
		{"64:ff9b::a00:1", true}, // NAT64 of 10.0.0.1
		{"64:ff9b::808:808", false},
		{"64:ff9b:1::1", true},
		{"100::1", true},  // discard-only
		{"2001::1", true}, // Teredo
		{"2001:2::1", true},
		{"2001:1ff:ffff::1", true},
		{"2001:200::1", false}, // just past 2001::/23
		{"2001:db8::1", true},
		{"2002:a00:1::1", true},  // 6to4 of 10.0.0.1
		{"2002:c612:1::1", true}, // 6to4 of 198.18.0.1
		{"2002:808:808::1", false},
		{"3fff::1", true},
		{"5f00::1", true},
		{"fc00::1", true},
		{"fd00::2", true},
		{"fe80::1", true},
		{"fe80::1%eth0", true},
		{"fec0::1", true},
		{"ff02::1", true},
		{"ff0e::1", true},
		{"2a00:1450::1", false},
		{"2606:4700::1111", false},
		// This machine's own addresses, public though they are.
		{"93.184.215.14", true},
		{"::ffff:93.184.215.14", true},
		{"2a02:1:2::7", true},
		{"93.184.215.15", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := g.check(netip.MustParseAddr(tt.addr))
			if !tt.refused {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			fe := wantFetchError(t, err, KindBlocked, 0)
			if !strings.Contains(fe.Error(), "allow_private_networks") {
				t.Errorf("error %q does not say how to allow the address", fe)
			}
		})
	}
}

// TestGuardRefusesThisMachine: every address of this machine's
// interfaces, as the real guard lists them, is refused.
func TestGuardRefusesThisMachine(t *testing.T) {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("this machine's addresses cannot be listed: %v", err)
	}
	g := newGuard()
	for _, a := range addrs {
		n, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, _ := netip.AddrFromSlice(n.IP)
		if err := g.check(ip.Unmap()); KindOf(err) != KindBlocked {
			t.Errorf("this machine's address %s: %v, want it refused", ip, err)
		}
	}
}

// TestGuardFailsClosed: when the machine's addresses cannot be listed, a
// public address is refused rather than let through unchecked.
func TestGuardFailsClosed(t *testing.T) {
	g := &guard{ownAddrs: func() ([]net.Addr, error) { return nil, errors.New("netlink: permission denied") }}
	err := g.check(netip.MustParseAddr("8.8.8.8"))
	if fe := wantFetchError(t, err, KindBlocked, 0); !strings.Contains(fe.Error(), "permission denied") {
		t.Errorf("error %q does not give the cause", fe)
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
