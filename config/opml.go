package config

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Outline is one feed of an OPML subscription list.
type Outline struct {
	Title string // the outline's title, else its text; may be empty
	URL   string // its xmlUrl
	Group string // the enclosing folders' names joined by "/"
	Line  int    // where the outline starts in the file
}

// ReadOPML reads an OPML 1.0, 1.1 or 2.0 subscription list, as feed
// readers export them: each outline with an xmlUrl is a feed, and outlines
// without one are folders. Errors are *Error values naming file and line.
func ReadOPML(file string, r io.Reader) ([]Outline, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	d.Entity = xml.HTMLEntity // &nbsp; and friends turn up in titles
	p := &opmlReader{file: file, d: d}
	if err := p.read(); err != nil {
		return nil, err
	}
	return p.feeds, nil
}

// opmlReader walks an OPML document token by token, so that every
// outline's line is known.
type opmlReader struct {
	file    string
	d       *xml.Decoder
	folders []string // the names of the open outlines; "" for feeds
	body    bool     // a <body> was seen
	feeds   []Outline
}

func (p *opmlReader) read() error {
	root, line, err := p.next()
	if errors.Is(err, io.EOF) {
		return p.errAt(line, errors.New("empty file, not an OPML document"))
	}
	if err != nil {
		return err
	}
	if !strings.EqualFold(root.Name.Local, "opml") {
		return p.errAt(line, fmt.Errorf("not an OPML document: the root element is <%s>, want <opml>", root.Name.Local))
	}
	if err := p.children(func(e xml.StartElement, line int) error { return p.top(e) }); err != nil {
		return err
	}
	if !p.body {
		return p.errAt(p.line(), errors.New("no <body> in <opml>"))
	}
	return nil
}

// top handles a child of <opml>: <body> is read, <head> is skipped.
func (p *opmlReader) top(e xml.StartElement) error {
	if !strings.EqualFold(e.Name.Local, "body") {
		return p.skip()
	}
	p.body = true
	return p.children(p.outline)
}

// outline handles an <outline> (or skips anything else): a feed when it
// has an xmlUrl, else a folder whose children are read.
func (p *opmlReader) outline(e xml.StartElement, line int) error {
	if !strings.EqualFold(e.Name.Local, "outline") {
		return p.skip()
	}
	title := attr(e, "title")
	if title == "" {
		title = attr(e, "text")
	}
	folder := title
	if u := attr(e, "xmlUrl"); u != "" {
		if err := checkURL(u); err != nil {
			return p.errAt(line, fmt.Errorf("outline %q: xmlUrl %w", title, err))
		}
		p.feeds = append(p.feeds, Outline{Title: title, URL: u, Group: p.group(), Line: line})
		folder = ""
	}
	p.folders = append(p.folders, strings.ReplaceAll(strings.TrimSpace(folder), "/", "-"))
	defer func() { p.folders = p.folders[:len(p.folders)-1] }()
	return p.children(p.outline)
}

// group names the folders the next outline sits in.
func (p *opmlReader) group() string {
	var names []string
	for _, f := range p.folders {
		if f != "" {
			names = append(names, f)
		}
	}
	return strings.Join(names, "/")
}

// children calls each for every child element of the element just read,
// and returns at its end tag.
func (p *opmlReader) children(each func(e xml.StartElement, line int) error) error {
	for {
		e, line, err := p.next()
		if errors.Is(err, errEndElement) {
			return nil
		}
		if errors.Is(err, io.EOF) {
			return p.errAt(line, errors.New("the document ends inside an element"))
		}
		if err != nil {
			return err
		}
		if err := each(e, line); err != nil {
			return err
		}
	}
}

// errEndElement is next's way to say that the current element ended.
var errEndElement = errors.New("end element")

// next returns the next start element and the line it starts on,
// errEndElement at an end tag, or io.EOF at the end of the document.
func (p *opmlReader) next() (xml.StartElement, int, error) {
	for {
		line := p.line() // before the token: where its "<" is
		tok, err := p.d.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, line, io.EOF
		}
		if err != nil {
			return xml.StartElement{}, line, p.syntaxErr(line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, line, nil
		case xml.EndElement:
			return xml.StartElement{}, line, errEndElement
		}
	}
}

// skip skips the element just read.
func (p *opmlReader) skip() error {
	line := p.line()
	if err := p.d.Skip(); err != nil {
		return p.syntaxErr(line, err)
	}
	return nil
}

func (p *opmlReader) line() int {
	line, _ := p.d.InputPos()
	return line
}

// syntaxErr names the line of a decoder error: the decoder's own for XML
// syntax errors, else line.
func (p *opmlReader) syntaxErr(line int, err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return p.errAt(se.Line, errors.New(se.Msg))
	}
	return p.errAt(line, err)
}

func (p *opmlReader) errAt(line int, err error) error {
	return &Error{File: p.file, Line: line, Err: err}
}

// attr returns the attribute name of e, matched without regard to case
// (xmlUrl, xmlURL and xmlurl all occur), space trimmed.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Space == "" && strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}
