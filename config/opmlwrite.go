package config

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// opmlDoc is the OPML 2.0 document WriteOPML writes.
type opmlDoc struct {
	XMLName xml.Name    `xml:"opml"`
	Version string      `xml:"version,attr"`
	Title   string      `xml:"head>title"`
	Body    []*opmlNode `xml:"body>outline"`
}

// opmlNode is a folder (no xmlUrl) or a feed outline. Both text and title
// are set: some readers read one, some the other.
type opmlNode struct {
	Text     string      `xml:"text,attr"`
	Title    string      `xml:"title,attr"`
	Type     string      `xml:"type,attr,omitempty"`
	XMLURL   string      `xml:"xmlUrl,attr,omitempty"`
	Children []*opmlNode `xml:"outline"`
}

// WriteOPML writes feeds as an OPML 2.0 subscription list titled title:
// each feed an outline named after it, inside nested folder outlines as
// its Group says. Folders and feeds keep the order they first appear in.
func WriteOPML(w io.Writer, title string, feeds []Feed) error {
	doc := opmlDoc{Version: "2.0", Title: title}
	folders := map[string]*opmlNode{}
	for _, f := range feeds {
		feed := &opmlNode{Text: f.Name, Title: f.Name, Type: "rss", XMLURL: f.URL}
		if f.Group == "" {
			doc.Body = append(doc.Body, feed)
			continue
		}
		parent := folder(&doc.Body, folders, f.Group)
		parent.Children = append(parent.Children, feed)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	return nil
}

// folder returns the folder outline of group ("a/b"), creating it and its
// parents at the end of their siblings when new.
func folder(top *[]*opmlNode, folders map[string]*opmlNode, group string) *opmlNode {
	if n := folders[group]; n != nil {
		return n
	}
	siblings := top
	if i := strings.LastIndexByte(group, '/'); i >= 0 {
		siblings = &folder(top, folders, group[:i]).Children
	}
	name := group[strings.LastIndexByte(group, '/')+1:]
	n := &opmlNode{Text: name, Title: name}
	*siblings = append(*siblings, n)
	folders[group] = n
	return n
}
