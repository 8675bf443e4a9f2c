package config

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// AddFeeds returns the configuration document data, read from file, with
// add appended to its feeds. Everything else is kept: comments, key order,
// and, when feeds is a block list or absent, every byte of the document,
// the new entries being inserted as text after the last feed. Otherwise
// the document is rewritten through yaml.v3's node tree, which keeps
// comments and order but not blank lines. The result must load and
// validate, or AddFeeds returns the error.
func AddFeeds(file string, data []byte, add []Feed) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(file, err)
	}
	var before struct{ Feeds []Feed }
	if doc.Kind != 0 {
		if err := doc.Decode(&before); err != nil {
			return nil, yamlError(file, err)
		}
	}
	want := append(before.Feeds, add...)
	out, err := insertFeeds(data, &doc, add)
	if err != nil || !hasFeeds(out, want) {
		if out, err = appendFeedNodes(&doc, add); err != nil {
			return nil, err
		}
	}
	if _, err := parse(file, out); err != nil {
		return nil, fmt.Errorf("the config with the new feeds: %w", err)
	}
	return out, nil
}

// insertFeeds inserts add as text after the last entry of a block feeds
// list, or appends a feeds list at the end of a document that has none.
func insertFeeds(data []byte, doc *yaml.Node, add []Feed) ([]byte, error) {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	_, list := child(root, "feeds")
	if list == nil {
		entries, err := feedEntries(add, "  ")
		if err != nil {
			return nil, err
		}
		return append(withNewline(bytes.Clone(data)), "feeds:\n"+entries...), nil
	}
	if list.Kind != yaml.SequenceNode || list.Style&yaml.FlowStyle != 0 || len(list.Content) == 0 {
		return nil, fmt.Errorf("feeds is not a block list")
	}
	entries, err := feedEntries(add, strings.Repeat(" ", list.Column-1))
	if err != nil {
		return nil, err
	}
	at := lineEnd(data, lastLine(list.Content[len(list.Content)-1]))
	out := append(withNewline(bytes.Clone(data[:at])), entries...)
	return append(out, data[at:]...), nil
}

// appendFeedNodes appends add to the feeds list of the node tree, creating
// it when missing, and encodes the tree.
func appendFeedNodes(doc *yaml.Node, add []Feed) ([]byte, error) {
	if doc.Kind == 0 {
		*doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the config is not a mapping of keys")
	}
	key, list := child(root, "feeds")
	if list == nil {
		key, list = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "feeds"}, &yaml.Node{}
		root.Content = append(root.Content, key, list)
	}
	if list.Kind != yaml.SequenceNode { // feeds: (null)
		*list = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", LineComment: list.LineComment}
	}
	list.Style &^= yaml.FlowStyle
	if key.LineComment == "" { // a block list has no line of its own for it
		key.LineComment, list.LineComment = list.LineComment, ""
	}
	for _, f := range add {
		var n yaml.Node
		if err := n.Encode(f); err != nil {
			return nil, fmt.Errorf("encode feed %s: %w", f.Name, err)
		}
		list.Content = append(list.Content, &n)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	return b.Bytes(), enc.Close()
}

// feedEntries renders feeds as block list entries, indented by indent.
func feedEntries(feeds []Feed, indent string) (string, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(feeds); err != nil {
		return "", fmt.Errorf("encode feeds: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("encode feeds: %w", err)
	}
	var out strings.Builder
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if line != "" {
			out.WriteString(indent + line)
		}
	}
	return out.String(), nil
}

// lastLine is the last line a node and its children are on.
func lastLine(n *yaml.Node) int {
	last := n.Line
	for _, c := range n.Content {
		last = max(last, lastLine(c))
	}
	return last
}

// lineEnd is the offset just past line (1-based) of data, newline included.
func lineEnd(data []byte, line int) int {
	at := 0
	for ; line > 0 && at < len(data); line-- {
		i := bytes.IndexByte(data[at:], '\n')
		if i < 0 {
			return len(data)
		}
		at += i + 1
	}
	return at
}

func withNewline(data []byte) []byte {
	if len(data) > 0 && data[len(data)-1] != '\n' {
		return append(data, '\n')
	}
	return data
}

// hasFeeds reports whether the document data has exactly the feeds want:
// the check that a text insertion went where it should.
func hasFeeds(data []byte, want []Feed) bool {
	var got struct{ Feeds []Feed }
	if err := yaml.Unmarshal(data, &got); err != nil {
		return false
	}
	return reflect.DeepEqual(got.Feeds, want)
}
