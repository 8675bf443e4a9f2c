package config

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// ByteSize is a size in bytes, written in YAML as a number or with a
// unit: 512KiB, 64MiB, 1GiB (also KB, MB, GB as powers of 1000).
type ByteSize int64

var byteUnits = []struct {
	suffix string
	size   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// UnmarshalYAML reads a size with an optional unit.
func (b *ByteSize) UnmarshalYAML(n *yaml.Node) error {
	s := strings.TrimSpace(n.Value)
	mult := int64(1)
	for _, u := range byteUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(num), u.size
			break
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return fmt.Errorf("line %d: %q is not a size (write it like 64MiB or 1048576)", n.Line, n.Value)
	}
	*b = ByteSize(v * mult)
	return nil
}

// MarshalYAML writes the size with the largest binary unit that divides it.
func (b ByteSize) MarshalYAML() (any, error) {
	for _, u := range byteUnits[:3] {
		if v := int64(b); v != 0 && v%u.size == 0 && v/u.size < 1024 || u.suffix == "GiB" && v != 0 && v%u.size == 0 {
			return fmt.Sprintf("%d%s", v/u.size, u.suffix), nil
		}
	}
	return int64(b), nil
}
