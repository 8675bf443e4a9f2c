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

// admit counts a login try from remote (a RemoteAddr) as a failure
// before the token is checked, so that tries sent at once cannot all
// slip in before the first failure is counted; succeeded takes it back.
// When the client has failed loginFailures times within the window, the
// try is not counted: wait says how long until it may try again.
func (l *loginLimit) admit(remote string) (wait time.Duration, succeeded func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	key := l.key(remoteClient(remote), now)
	f := l.recent(key, now)
	if len(f) >= loginFailures {
		return f[len(f)-loginFailures].Add(loginWindow).Sub(now), nil
	}
	l.fails[key] = append(f, now)
	return 0, func() { l.forget(key, now) }
}

// forget takes back a try of client's counted at t.
func (l *loginLimit) forget(client string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.fails[client]
	for i := len(f) - 1; i >= 0; i-- {
		if f[i].Equal(t) {
			f = append(f[:i], f[i+1:]...)
			break
		}
	}
	if len(f) == 0 {
		delete(l.fails, client)
		return
	}
	l.fails[client] = f
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
