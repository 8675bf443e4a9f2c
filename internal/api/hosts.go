package api

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// checkHost answers 421 Misdirected Request to a request whose Host is
// not one of the listener's names (allowedHost). A web page whose own
// name an attacker made resolve to 127.0.0.1 (DNS rebinding) reaches the
// listener with that name as Host, and is refused before any route.
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowedHost(r) {
			s.o.Logger.Debug("request for another host refused", "host", r.Host, "remote", r.RemoteAddr, "path", r.URL.Path)
			http.Error(w, fmt.Sprintf("depeche: this listener does not answer for host %q. "+
				"If people or a reverse proxy reach it by that name, add the name to hosts: in the daemon's config and restart it.", r.Host),
				http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowedHost reports whether r's Host names this listener: an entry of
// Hosts (with its port, when the entry gives one, else with any), or,
// with the port the request came in on, localhost, a loopback address, the
// host of Listen, or the address the request came in on. The last covers
// a listener on every interface (0.0.0.0, [::], :8077): it answers for the
// machine's address the client used, and for names only through Hosts.
func (s *Server) allowedHost(r *http.Request) bool {
	name, port, ok := splitHost(r.Host)
	if !ok {
		return false
	}
	for _, h := range s.o.Hosts {
		if hn, hp, ok := splitHost(h); ok && hn == name && (hp == "" || hp == port) {
			return true
		}
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr)
	if !ok {
		return false
	}
	if port == "" {
		port = "80" // the listener speaks plain HTTP
	}
	if port != fmt.Sprint(local.Port) {
		return false
	}
	if listen, _, err := net.SplitHostPort(s.o.Listen); err == nil && strings.EqualFold(listen, name) && !wildcard(listen) {
		return true
	}
	if name == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(name)
	if err != nil {
		return false
	}
	at, _ := netip.AddrFromSlice(local.IP)
	return ip.IsLoopback() || ip == at.Unmap()
}

// wildcard reports whether host, of a listen address, binds every
// interface.
func wildcard(host string) bool {
	return host == "" || host == "0.0.0.0" || host == "::"
}

// splitHost splits a Host header (or an entry of Hosts) into its name,
// lower-cased, IPv6 addresses without brackets and IP addresses in their
// canonical form, and its port ("" when none). ok is false for an empty
// name.
func splitHost(hostport string) (name, port string, ok bool) {
	name = hostport
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		name, port = hostport[:i], hostport[i+1:]
	}
	name = strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(name, "["), "]"))
	if ip, err := netip.ParseAddr(name); err == nil {
		name = ip.Unmap().String()
	}
	return name, port, name != ""
}
