package config

import (
	"reflect"
	"slices"
	"testing"
)

// A setting added to Config must say whether a reload applies it: one
// that does not would silently wait for a restart.
func TestEverySettingSaysWhetherItReloads(t *testing.T) {
	typ := reflect.TypeFor[Config]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		switch f.Tag.Get("reload") {
		case reloadLive, reloadRestart:
		default:
			t.Errorf("Config.%s (%s) has reload tag %q: give it reload:%q or reload:%q",
				f.Name, yamlKey(f), f.Tag.Get("reload"), reloadLive, reloadRestart)
		}
	}
}

func TestRestartNeeded(t *testing.T) {
	base, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string
	}{
		{"nothing", func(c *Config) {}, nil},
		{"feeds-sites-interval-apply", func(c *Config) {
			c.Feeds, c.Sites, c.Interval = nil, nil, Duration(1)
		}, nil},
		{"archive-listen-token", func(c *Config) {
			c.Archive, c.Listen, c.Token = "other.db", "127.0.0.1:9", "t"
		}, []string{"archive", "listen", "token"}},
		{"log-level", func(c *Config) { c.Log.Level = "debug" }, []string{"log"}},
		{"http-limits", func(c *Config) { c.HostDelay, c.MaxBodyBytes = Duration(1), 1 }, []string{"host_delay", "max_body_bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := *base
			tt.change(&next)
			if got := RestartNeeded(base, &next); !slices.Equal(got, tt.want) {
				t.Errorf("RestartNeeded = %q, want %q", got, tt.want)
			}
		})
	}
}
