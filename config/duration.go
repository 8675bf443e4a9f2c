package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration written in YAML as a Go duration string
// such as "15m" or "1h30m", or a number of days, alone or before one:
// "7d", "1d12h".
type Duration time.Duration

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := parseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: %q is not a duration (write it like 90s, 15m, 2h or 7d)", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// parseDuration is time.ParseDuration that also takes a leading number
// of days.
func parseDuration(s string) (time.Duration, error) {
	days, rest, ok := strings.Cut(s, "d")
	if !ok {
		return time.ParseDuration(s)
	}
	n, err := strconv.Atoi(days)
	if err != nil || n < 0 || n > 100*365 {
		return 0, fmt.Errorf("%q: not a number of days", days)
	}
	d := time.Duration(n) * day
	if rest == "" {
		return d, nil
	}
	r, err := time.ParseDuration(rest)
	return d + r, err
}

const day = 24 * time.Hour

// MarshalYAML writes the duration as a Go duration string, in days when
// it is a whole number of them.
func (d Duration) MarshalYAML() (any, error) {
	v := time.Duration(d)
	if v >= day && v%day == 0 {
		return strconv.Itoa(int(v/day)) + "d", nil
	}
	return v.String(), nil
}

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }
