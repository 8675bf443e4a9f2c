package config

import (
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MinTokenLength is the shortest token the listener takes: a guess at a
// token that long is hopeless, even at the many tries a second a network
// allows.
const MinTokenLength = 16

// validateListen checks the listener's address, its token and its hosts,
// and that a listener other machines can reach has a token: /feeds and
// /export would otherwise be open to them.
func (c *Config) validateListen() error {
	if strings.ContainsFunc(c.Token, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fieldErr("token", "must not contain spaces or control characters")
	}
	if n := utf8.RuneCountInString(c.Token); n > 0 && n < MinTokenLength {
		return fieldErr("token", "is %d characters long; it must be at least %d so that it cannot be guessed (openssl rand -hex 16 makes one)", n, MinTokenLength)
	}
	for i, h := range c.Hosts {
		if err := checkHost(h); err != nil {
			return fieldErr(fmt.Sprintf("hosts[%d]", i), "%v", err)
		}
	}
	if c.Listen == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return fieldErr("listen", "%q is not host:port (write 127.0.0.1:8077, or \"\" for no listener)", c.Listen)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fieldErr("listen", "port %q is not a number from 0 to 65535", port)
	}
	switch {
	case c.Token == "" && !LoopbackOnly(c.Listen):
		return fieldErr("listen", "%q accepts connections from other machines: set token too, or listen on 127.0.0.1", c.Listen)
	case c.Token == "" && len(c.Hosts) > 0:
		return fieldErr("hosts", "names by which other machines reach the listener (through a reverse proxy): set token too")
	}
	return nil
}

// TokenRequired reports whether the listener asks for the token: when it
// listens on anything but loopback, or answers for names in Hosts, which
// a reverse proxy makes reachable from elsewhere.
func (c *Config) TokenRequired() bool {
	return !LoopbackOnly(c.Listen) || len(c.Hosts) > 0
}

// checkHost checks an entry of hosts: a host name or an IP address, with
// or without a port, as a Host header carries it.
func checkHost(h string) error {
	const form = "write the name alone, as in a Host header: news.example.org, or news.example.org:8443"
	if strings.ContainsAny(h, "/?#@") {
		return fmt.Errorf("%q is not a host name (%s)", h, form)
	}
	name, port := h, ""
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
		name, port = h[:i], h[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q: port %q is not a number from 1 to 65535 (%s)", h, port, form)
		}
	}
	if v6, ok := strings.CutPrefix(name, "["); ok {
		if a, err := netip.ParseAddr(strings.TrimSuffix(v6, "]")); err != nil || !a.Is6() || !strings.HasSuffix(v6, "]") {
			return fmt.Errorf("%q is not an IPv6 address in brackets ([2001:db8::1])", h)
		}
		return nil
	}
	if !hostName(name) {
		return fmt.Errorf("%q is not a host name (%s)", h, form)
	}
	return nil
}

// hostName reports whether s is a DNS name or an IPv4 address: labels of
// letters, digits and '-', joined by '.'.
func hostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// LoopbackOnly reports whether a listener on listen (host:port) accepts
// connections from this machine only: its host is a loopback IP address or
// "localhost". An empty host, 0.0.0.0, ::, any other address and any other
// name count as reachable from elsewhere.
func LoopbackOnly(listen string) bool {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
