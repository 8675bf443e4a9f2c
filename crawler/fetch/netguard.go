package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// guard refuses to connect to an address that is not globally routable,
// or that is one of this machine's own: feeds link to any URL they like,
// and a crawler must not be the way into the network it runs in.
type guard struct {
	// ownAddrs lists this machine's addresses; net.InterfaceAddrs.
	ownAddrs func() ([]net.Addr, error)
}

// newGuard is the guard of this machine.
func newGuard() *guard { return &guard{ownAddrs: net.InterfaceAddrs} }

// control is a net.Dialer Control function. It runs after DNS resolution,
// on the address about to be dialled, so a public name that resolves to a
// refused address is refused too.
func (g *guard) control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	return g.check(ip)
}

// check refuses ip when it is not globally routable or is this machine's.
//
// The machine's addresses are read at each check rather than once: they
// change (DHCP, a VPN coming up), and reading them costs tens of
// microseconds, next to the milliseconds of the connection it guards; a
// connection is reused for many requests. They are read only for an
// address the table lets through, the usual case of a public feed.
func (g *guard) check(ip netip.Addr) error {
	if why := notGlobal(ip); why != "" {
		return blocked("address %s is %s, not a public address", ip, why)
	}
	own, err := g.ownAddrs()
	if err != nil {
		return blocked("address %s: this machine's own addresses could not be listed to check it: %v", ip, err)
	}
	for _, a := range own {
		if n, ok := a.(*net.IPNet); ok {
			if mine, ok := netip.AddrFromSlice(n.IP); ok && mine.Unmap() == ip.Unmap().WithZone("") {
				return blocked("address %s is one of this machine's own", ip)
			}
		}
	}
	return nil
}

// blocked is the error of a refused address, which says how to allow it.
func blocked(format string, args ...any) error {
	return &Error{Kind: KindBlocked, Err: fmt.Errorf(format+" (set allow_private_networks: true to allow it)", args...)}
}

// special is a range of the IANA special-purpose address registries.
type special struct {
	prefix netip.Prefix
	name   string
}

func specials(kv ...string) []special {
	out := make([]special, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		out = append(out, special{netip.MustParsePrefix(kv[i]), kv[i+1]})
	}
	return out
}

// specialV4 are the IPv4 ranges refused: every entry of the IANA IPv4
// Special-Purpose Address Registry not marked globally reachable, with
// multicast. 192.0.0.0/24 is refused whole, although two anycast
// addresses in it (192.0.0.9, 192.0.0.10) are global: no feed lives there.
var specialV4 = specials(
	"0.0.0.0/8", "in 0.0.0.0/8 (this network)",
	"10.0.0.0/8", "private (10.0.0.0/8)",
	"100.64.0.0/10", "in 100.64.0.0/10 (shared address space, carrier-grade NAT)",
	"127.0.0.0/8", "loopback (127.0.0.0/8)",
	"169.254.0.0/16", "link-local (169.254.0.0/16)",
	"172.16.0.0/12", "private (172.16.0.0/12)",
	"192.0.0.0/24", "in 192.0.0.0/24 (IETF protocol assignments)",
	"192.0.2.0/24", "in 192.0.2.0/24 (documentation)",
	"192.88.99.0/24", "in 192.88.99.0/24 (6to4 relay anycast, deprecated)",
	"192.168.0.0/16", "private (192.168.0.0/16)",
	"198.18.0.0/15", "in 198.18.0.0/15 (benchmarking)",
	"198.51.100.0/24", "in 198.51.100.0/24 (documentation)",
	"203.0.113.0/24", "in 203.0.113.0/24 (documentation)",
	"224.0.0.0/4", "multicast (224.0.0.0/4)",
	"240.0.0.0/4", "in 240.0.0.0/4 (reserved)", // 255.255.255.255, the limited broadcast, with it
)

// globalV6 is the only IPv6 unicast space allocated for global use; the
// rest (::/8 with loopback, unspecified and IPv4-compatible addresses,
// unique local fc00::/7, link-local fe80::/10, multicast ff00::/8, ...)
// is refused whole.
var globalV6 = netip.MustParsePrefix("2000::/3")

// specialV6 are the ranges inside 2000::/3 that the IANA IPv6
// Special-Purpose Address Registry marks not globally reachable, or that
// hold an IPv4 address checked on its own (embedded). 2001::/23 is
// refused whole, although a few small ranges in it are global (AMT,
// AS112, ORCHIDv2, anycast addresses): no feed lives there.
var specialV6 = specials(
	"2001::/23", "in 2001::/23 (IETF protocol assignments: Teredo, benchmarking, ...)",
	"2001:db8::/32", "in 2001:db8::/32 (documentation)",
	"3fff::/20", "in 3fff::/20 (documentation)",
)

// Prefixes outside or inside 2000::/3 whose addresses embed an IPv4
// address, checked as that address.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96") // well-known NAT64: the last 32 bits
	nat64Loc  = netip.MustParsePrefix("64:ff9b:1::/48")
	sixToFour = netip.MustParsePrefix("2002::/16") // 6to4: bits 16 to 48
)

// notGlobal says why ip is not a public address ("loopback
// (127.0.0.0/8)"), or "" when it is one.
func notGlobal(ip netip.Addr) string {
	ip = ip.WithZone("")
	if ip.Is4In6() {
		return embedded(ip.Unmap(), "IPv4-mapped")
	}
	if ip.Is4() {
		for _, s := range specialV4 {
			if s.prefix.Contains(ip) {
				return s.name
			}
		}
		return ""
	}
	b := ip.As16()
	switch {
	case nat64.Contains(ip):
		return embedded(netip.AddrFrom4([4]byte(b[12:16])), "NAT64")
	case nat64Loc.Contains(ip):
		return "in 64:ff9b:1::/48 (local-use IPv4/IPv6 translation)"
	case sixToFour.Contains(ip):
		return embedded(netip.AddrFrom4([4]byte(b[2:6])), "6to4")
	case !globalV6.Contains(ip):
		return v6Outside(ip)
	}
	for _, s := range specialV6 {
		if s.prefix.Contains(ip) {
			return s.name
		}
	}
	return ""
}

// embedded checks the IPv4 address an IPv6 address carries.
func embedded(v4 netip.Addr, how string) string {
	if why := notGlobal(v4); why != "" {
		return fmt.Sprintf("%s %s, %s", how, v4, why)
	}
	return ""
}

// v6Outside names the kind of an IPv6 address outside 2000::/3.
func v6Outside(ip netip.Addr) string {
	switch {
	case ip.IsLoopback():
		return "loopback (::1)"
	case ip.IsUnspecified():
		return "unspecified (::)"
	case ip.IsLinkLocalUnicast():
		return "link-local (fe80::/10)"
	case ip.IsMulticast():
		return "multicast (ff00::/8)"
	case ip.IsPrivate():
		return "private (fc00::/7, unique local)"
	}
	return "outside 2000::/3, the global unicast space"
}
