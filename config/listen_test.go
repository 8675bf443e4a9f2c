package config

import (
	"errors"
	"strings"
	"testing"
)

func TestListenValidation(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int    // 0: the config is valid
		key  string // of the error
		msg  string
	}{
		{"loopback-without-token", "listen: 127.0.0.1:8077\n", 0, "", ""},
		{"localhost-without-token", "listen: localhost:9000\n", 0, "", ""},
		{"ipv6-loopback-without-token", "listen: \"[::1]:8077\"\n", 0, "", ""},
		{"off", "listen: \"\"\n", 0, "", ""},
		{"all-interfaces-with-token", "listen: 0.0.0.0:8077\ntoken: s3cret-token-0123\n", 0, "", ""},
		{"all-interfaces-without-token", "archive: a.db\nlisten: 0.0.0.0:8077\n", 2, "listen", "set token"},
		{"empty-host-without-token", "listen: \":8077\"\n", 1, "listen", "set token"},
		{"lan-address-without-token", "log:\n  level: info\nlisten: 192.168.1.10:8077\n", 3, "listen", "other machines"},
		{"host-name-without-token", "listen: depeche.example:8077\n", 1, "listen", "set token"},
		{"no-port", "listen: 127.0.0.1\n", 1, "listen", "not host:port"},
		{"bad-port", "listen: 127.0.0.1:http-alt\n", 1, "listen", "not a number"},
		{"port-too-large", "listen: 127.0.0.1:80770\n", 1, "listen", "not a number"},
		{"token-with-space", "listen: 0.0.0.0:8077\ntoken: two words\n", 2, "token", "spaces"},
		{"token-one-character", "listen: 0.0.0.0:8077\ntoken: x\n", 2, "token", "is 1 characters long; it must be at least 16 so that it cannot be guessed"},
		{"token-15-characters", "token: 0123456789abcde\n", 1, "token", "at least 16"},
		{"token-15-characters-on-loopback", "listen: 127.0.0.1:8077\ntoken: 0123456789abcde\n", 2, "token", "at least 16"},
		{"token-16-characters", "listen: 0.0.0.0:8077\ntoken: 0123456789abcdef\n", 0, "", ""},
		{"token-counts-characters-not-bytes", "token: ééééééééééééééé\n", 1, "token", "is 15 characters long"},
		{"hosts-with-token", "token: 0123456789abcdef\nhosts: [news.example.org, \"news.example.org:8443\", 192.0.2.7, \"[2001:db8::1]:8077\", \"[::1]\"]\n", 0, "", ""},
		{"hosts-without-token", "hosts: [news.example.org]\n", 1, "hosts", "set token too"},
		{"hosts-url", "token: 0123456789abcdef\nhosts:\n  - news.example.org\n  - https://news.example.org\n", 4, "hosts[1]", "write the name alone"},
		{"hosts-path", "token: 0123456789abcdef\nhosts: [news.example.org/depeche]\n", 2, "hosts[0]", "not a host name"},
		{"hosts-wildcard", "token: 0123456789abcdef\nhosts: [\"*.example.org\"]\n", 2, "hosts[0]", "not a host name"},
		{"hosts-empty", "token: 0123456789abcdef\nhosts: [\"\"]\n", 2, "hosts[0]", "not a host name"},
		{"hosts-bad-port", "token: 0123456789abcdef\nhosts: [\"news.example.org:https\"]\n", 2, "hosts[0]", "port \"https\""},
		{"hosts-ipv6-without-brackets", "token: 0123456789abcdef\nhosts: [\"2001:db8::1\"]\n", 2, "hosts[0]", ""},
		{"hosts-ipv4-in-brackets", "token: 0123456789abcdef\nhosts: [\"[192.0.2.7]\"]\n", 2, "hosts[0]", "not an IPv6 address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.yaml)
			_, err := Load(path)
			if tt.line == 0 {
				if err != nil {
					t.Fatalf("Load: %v, want no error", err)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err %v, want *config.Error", err)
			}
			if ce.Line != tt.line || ce.Key != tt.key || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q at line %d key %q, want line %d key %q saying %q", err, ce.Line, ce.Key, tt.line, tt.key, tt.msg)
			}
		})
	}
}

func TestLoopbackOnly(t *testing.T) {
	tests := []struct {
		listen string
		want   bool
	}{
		{"127.0.0.1:8077", true},
		{"127.0.0.2:8077", true},
		{"[::1]:8077", true},
		{"localhost:8077", true},
		{"LocalHost:8077", true},
		{":8077", false},
		{"0.0.0.0:8077", false},
		{"[::]:8077", false},
		{"10.0.0.5:8077", false},
		{"depeche.example:8077", false},
		{"not-an-address", false},
	}
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			if got := LoopbackOnly(tt.listen); got != tt.want {
				t.Errorf("LoopbackOnly(%q) = %v, want %v", tt.listen, got, tt.want)
			}
		})
	}
}

func TestTokenRequired(t *testing.T) {
	tests := []struct {
		name   string
		listen string
		hosts  []string
		want   bool
	}{
		{"loopback", "127.0.0.1:8077", nil, false},
		{"localhost", "localhost:8077", nil, false},
		{"all-interfaces", "0.0.0.0:8077", nil, true},
		{"lan-address", "192.168.1.10:8077", nil, true},
		{"loopback-behind-a-proxy", "127.0.0.1:8077", []string{"news.example.org"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Config{Listen: tt.listen, Hosts: tt.hosts}
			if got := c.TokenRequired(); got != tt.want {
				t.Errorf("TokenRequired() with listen %q and hosts %q = %v, want %v", tt.listen, tt.hosts, got, tt.want)
			}
		})
	}
}
