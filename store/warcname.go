package store

import (
	"path/filepath"
	"strings"
)

// WARCFileOptions are the options of a WARC export written to the file
// name, "" for one with no name (standard output): the base name in the
// warcinfo record, and gzip per record when the name ends in .gz, as WARC
// tools expect of a .warc.gz. software names the writer.
func WARCFileOptions(name, software string) WARCOptions {
	opts := WARCOptions{Gzip: strings.HasSuffix(name, ".gz"), Software: software}
	if name != "" {
		opts.Filename = filepath.Base(name)
	}
	return opts
}
