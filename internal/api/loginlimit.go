package api

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// The bounds on failed logins: at most loginFailures a loginWindow from
// one client, the clients remembered at most loginClients.
const (
	loginFailures = 5
	loginWindow   = time.Minute
	loginClients  = 4096
)

// overflowClient stands for every client beyond loginClients: when so
// many addresses fail at once, they share one allowance.
const overflowClient = "(others)"

// loginLimit counts failed logins by client address.
type loginLimit struct {
	now   func() time.Time
	mu    sync.Mutex
	fails map[string][]time.Time // by client: the failures within the window, oldest first
}

func newLoginLimit(now func() time.Time) *loginLimit {
	return &loginLimit{now: now, fails: map[string][]time.Time{}}
}

// wait is how long the client at remote (a RemoteAddr) must wait before it
// may try again; 0 when it may now.
func (l *loginLimit) wait(remote string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	key := l.key(remoteClient(remote), now)
	f := l.recent(key, now)
	if len(f) < loginFailures {
		return 0
	}
	return f[len(f)-loginFailures].Add(loginWindow).Sub(now)
}

// fail counts a failed login from remote.
func (l *loginLimit) fail(remote string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	key := l.key(remoteClient(remote), now)
	l.fails[key] = append(l.recent(key, now), now)
}

// recent drops client's failures older than the window and returns the
// rest. l.mu is held.
func (l *loginLimit) recent(client string, now time.Time) []time.Time {
	f := l.fails[client]
	i := 0
	for i < len(f) && !f[i].After(now.Add(-loginWindow)) {
		i++
	}
	if i == len(f) {
		delete(l.fails, client)
		return nil
	}
	f = f[i:]
	l.fails[client] = f
	return f
}

// key is the entry client counts in: its own, unless loginClients others
// have failed within the window. l.mu is held.
func (l *loginLimit) key(client string, now time.Time) string {
	if _, ok := l.fails[client]; ok || len(l.fails) < loginClients {
		return client
	}
	for c := range l.fails {
		l.recent(c, now)
	}
	if len(l.fails) < loginClients {
		return client
	}
	return overflowClient
}

// remoteClient is the client a RemoteAddr stands for: its IP address, or
// for IPv6 its /64, which one machine usually holds whole.
func remoteClient(remote string) string {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64) // a valid IPv6 address has a /64
		return p.String()
	}
	return ip.String()
}
