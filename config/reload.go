package config

import (
	"reflect"
	"strings"
)

// Values of a Config field's reload tag.
const (
	reloadLive    = "live"    // a reload applies the new value at once
	reloadRestart = "restart" // the value in use stays until a restart
)

// RestartNeeded names, by YAML key and in the order of Config, the
// settings that differ between the running config and the next one but
// apply only after a restart: the archive, the listener, the HTTP client
// and its limits, logging. Feeds, site rules and the default interval
// apply live. A field with no reload tag counts as needing a restart.
func RestartNeeded(running, next *Config) []string {
	var keys []string
	a, b := reflect.ValueOf(running).Elem(), reflect.ValueOf(next).Elem()
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if f.Tag.Get("reload") == reloadLive {
			continue
		}
		if !reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			keys = append(keys, yamlKey(f))
		}
	}
	return keys
}

// yamlKey is the key a field has in a config file.
func yamlKey(f reflect.StructField) string {
	key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	return key
}
