// Package natstest runs one embedded NATS server with JetStream for all
// the tests of a package, and gives each test an account of its own on
// it: the buckets and streams of one test are out of reach of the
// others, though they bear the same names, so the tests can run in
// parallel without a server each.
package natstest

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

var (
	mu       sync.Mutex
	shared   *server.Server
	dir      string
	accounts atomic.Int64
)

// URL is the address of the package's server, started at the first call,
// with the credentials of a new account that has JetStream: every client
// connecting through it sees that account's buckets and streams only.
func URL(t testing.TB) string {
	t.Helper()
	s, err := start()
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("t%d", accounts.Add(1))
	acc, err := s.RegisterAccount(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := acc.EnableJetStream(nil, nil); err != nil {
		t.Fatalf("jetstream for account %s: %v", name, err)
	}
	return strings.Replace(s.ClientURL(), "nats://", "nats://"+name+":"+name+"@", 1)
}

// Stop stops the server, if it was started, and removes its files;
// TestMain calls it after the tests ran.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if shared == nil {
		return
	}
	shared.Shutdown()
	shared.WaitForShutdown()
	os.RemoveAll(dir)
	shared = nil
}

func start() (*server.Server, error) {
	mu.Lock()
	defer mu.Unlock()
	if shared != nil {
		return shared, nil
	}
	d, err := os.MkdirTemp("", "natstest")
	if err != nil {
		return nil, err
	}
	auth := &accountPerUser{}
	s, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: d, NoLog: true, NoSigs: true,
		CustomClientAuthentication: auth,
	})
	if err != nil {
		os.RemoveAll(d)
		return nil, err
	}
	auth.s = s
	s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		os.RemoveAll(d)
		return nil, fmt.Errorf("embedded NATS server not ready")
	}
	shared, dir = s, d
	return s, nil
}

// accountPerUser lets a client in to the account its user name names,
// when URL made that account and the password is its name.
type accountPerUser struct{ s *server.Server }

func (a *accountPerUser) Check(c server.ClientAuthentication) bool {
	o := c.GetOpts()
	if o.Username == "" || o.Password != o.Username {
		return false
	}
	acc, err := a.s.LookupAccount(o.Username)
	if err != nil {
		return false
	}
	c.RegisterUser(&server.User{Username: o.Username, Account: acc})
	return true
}
