package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file is a minimal WARC 1.1 reader written for the tests from the
// specification (section 4: version line, named fields, CRLF, block of
// Content-Length bytes, CRLF CRLF), so that the writer's own library does
// not grade its output. It uses the standard library only.

// warcRecord is one parsed record.
type warcRecord struct {
	version string
	header  fields
	block   []byte
}

// readWARC parses every record of r, gunzipping first when gz is set.
func readWARC(r io.Reader, gz bool) ([]warcRecord, error) {
	if gz {
		zr, err := gzip.NewReader(r) // multistream: one member per record
		if err != nil {
			return nil, err
		}
		r = zr
	}
	br := bufio.NewReader(r)
	var out []warcRecord
	for {
		rec, err := readRecord(br)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("record %d: %w", len(out)+1, err)
		}
		out = append(out, rec)
	}
}

// readRecord parses one record; io.EOF when none is left.
func readRecord(br *bufio.Reader) (warcRecord, error) {
	version, err := br.ReadString('\n')
	if err != nil {
		return warcRecord{}, err // io.EOF at a clean end
	}
	rec := warcRecord{version: strings.TrimRight(version, "\r\n"), header: fields{}}
	if rec.version != "WARC/1.1" {
		return rec, fmt.Errorf("version line %q", version)
	}
	if err := readFields(br, rec.header); err != nil {
		return rec, err
	}
	n, err := strconv.Atoi(rec.header.get("Content-Length"))
	if err != nil {
		return rec, fmt.Errorf("content-length: %w", err)
	}
	rec.block = make([]byte, n)
	if _, err := io.ReadFull(br, rec.block); err != nil {
		return rec, fmt.Errorf("block: %w", err)
	}
	end := make([]byte, 4)
	if _, err := io.ReadFull(br, end); err != nil || string(end) != "\r\n\r\n" {
		return rec, fmt.Errorf("record end %q: %v", end, err)
	}
	return rec, nil
}

// readFields reads "Name: value" lines up to the empty line.
func readFields(br *bufio.Reader, into fields) error {
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return fmt.Errorf("header: %w", err)
		}
		if !strings.HasSuffix(line, "\r\n") {
			return fmt.Errorf("header line %q does not end in CRLF", line)
		}
		line = strings.TrimSuffix(line, "\r\n")
		if line == "" {
			return nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return fmt.Errorf("header line %q has no colon", line)
		}
		into[strings.ToLower(name)] = strings.TrimSpace(value)
	}
}

// fields are the named fields of a record header, one value each. Names
// are case-insensitive (WARC 1.1 section 4), so they are kept lower case.
type fields map[string]string

// get returns the value of the field name, in any case.
func (f fields) get(name string) string { return f[strings.ToLower(name)] }

// httpPayload splits an application/http block into its head and payload.
func httpPayload(block []byte) (head string, payload []byte, err error) {
	h, p, ok := bytes.Cut(block, []byte("\r\n\r\n"))
	if !ok {
		return "", nil, errors.New("http block has no end of head")
	}
	return string(h), p, nil
}

// sha1Base32 is the digest form of WARC-Payload-Digest.
func sha1Base32(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}
