package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type`)
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// yamlError turns a decoder error into an *Error naming file and line.
// Only the first problem is reported: fixing it often fixes the rest.
func yamlError(file string, err error) error {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := unknownField.FindStringSubmatch(msg); m != nil {
		return &Error{File: file, Line: atoi(m[1]), Key: m[2], Err: errors.New("unknown key")}
	}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		return &Error{File: file, Line: atoi(m[1]), Err: errors.New(m[2])}
	}
	return &Error{File: file, Err: errors.New(strings.TrimPrefix(msg, "yaml: "))}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s) // the regexp matched digits only
	return n
}

// fieldError is a validation problem at a key path like "feeds[1].url".
type fieldError struct {
	key string
	err error
}

func (e *fieldError) Error() string { return e.key + ": " + e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func fieldErr(key string, format string, args ...any) error {
	return &fieldError{key: key, err: fmt.Errorf(format, args...)}
}

// locate turns a validation error into an *Error with the line of its key.
func locate(file string, root *yaml.Node, err error) error {
	var fe *fieldError
	if !errors.As(err, &fe) {
		return &Error{File: file, Err: err}
	}
	return &Error{File: file, Line: lineOf(root, fe.key), Key: fe.key, Err: fe.err}
}

// lineOf finds the line of the value at key ("feeds[1].url") in the YAML
// document root, or of the nearest parent that exists; 0 when none does.
func lineOf(root *yaml.Node, key string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, part := range strings.Split(key, ".") {
		name, idx := splitIndex(part)
		var k *yaml.Node
		k, n = child(n, name)
		if n == nil {
			return line
		}
		line = k.Line
		if idx >= 0 {
			if n.Kind != yaml.SequenceNode || idx >= len(n.Content) {
				return line
			}
			n = n.Content[idx]
			line = n.Line
		}
	}
	return line
}

// splitIndex splits "feeds[2]" into "feeds", 2; "url" into "url", -1.
func splitIndex(part string) (string, int) {
	i := strings.IndexByte(part, '[')
	if i < 0 || !strings.HasSuffix(part, "]") {
		return part, -1
	}
	n, err := strconv.Atoi(part[i+1 : len(part)-1])
	if err != nil {
		return part, -1
	}
	return part[:i], n
}

// child returns the key and value nodes of name in mapping n.
func child(n *yaml.Node, name string) (*yaml.Node, *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}
