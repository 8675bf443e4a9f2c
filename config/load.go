package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Error is a configuration error: what was wrong and where.
type Error struct {
	File string // the config file, or "(embedded default)"
	Line int    // 1-based; 0 when unknown
	Key  string // the key, e.g. "feeds[2].interval"; empty when unknown
	Err  error
}

// Error returns "file:line: key: problem".
func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	if e.Key != "" {
		s += ": " + e.Key
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying problem.
func (e *Error) Unwrap() error { return e.Err }

// Load reads the configuration file at path on top of the built-in
// settings, expands ${NAME} environment references and validates it.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return parse(path, data)
}

// parse decodes and validates one configuration document named file.
func parse(file string, data []byte) (*Config, error) {
	data = expandEnv(data)
	c, err := base()
	if err != nil {
		return nil, err
	}
	builtin := c.Sites
	c.Sites = nil
	if err := decodeStrict(data, c); err != nil {
		return nil, yamlError(file, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if err := c.Validate(); err != nil {
		return nil, locate(file, &root, err)
	}
	c.Sites = mergeSites(builtin, c.Sites)
	return c, nil
}

// decodeStrict decodes YAML into v, refusing keys v has no field for.
func decodeStrict(data []byte, v any) error {
	d := yaml.NewDecoder(bytes.NewReader(data))
	d.KnownFields(true)
	if err := d.Decode(v); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv replaces ${NAME} with the environment variable NAME. Only the
// braced form is expanded, so regular expressions in site rules keep
// their dollar signs.
func expandEnv(data []byte) []byte {
	return envRef.ReplaceAllFunc(data, func(m []byte) []byte {
		return []byte(os.Getenv(string(envRef.FindSubmatch(m)[1])))
	})
}
