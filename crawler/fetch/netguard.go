package fetch

import (
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// refusePrivate is a net.Dialer Control function. It runs after DNS
// resolution, on the address about to be dialled, so a public name that
// resolves to a private address is refused too.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if isPrivate(ip) {
		return &Error{Kind: KindBlocked, Err: fmt.Errorf("address %s is private, loopback, link-local or unspecified (set allow_private_networks: true to allow it)", ip)}
	}
	return nil
}

// isPrivate reports addresses a crawler of public feeds has no business
// reaching.
func isPrivate(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast() || cgnat.Contains(ip)
}

// cgnat is the carrier-grade NAT range, private in practice.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")
