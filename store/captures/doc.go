// Package captures keeps the pages an archive's articles were cleaned
// from (their captures) in an append-only file beside the archive, and
// packs and unpacks them.
//
// The file is Magic ("depeche captures 1\n"), then captures, each a uint32
// big-endian length and that many bytes of zstd(head JSON, "\n", body).
// The head is everything of the HTTP exchange but the body; JSON never
// holds a raw newline, so the first one ends it. The sha256 of the
// uncompressed form is the capture's hash, which the article records to
// find its page again and check it.
//
// A capture is appended and synced before the archive commits the
// reference to it (a Ref: offset and length), and the archive records how
// far the file is committed. Opening the file for writing cuts it back to
// that end, dropping captures that no committed article refers to.
//
// Captures are written once and read back rarely (re-clean, check, WARC
// export), so they are read with pread and never mapped: they take no room
// in the process's resident set, and appending one rewrites nothing else.
package captures
