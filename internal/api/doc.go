// Package api is the daemon's HTTP API: its server, its client and its
// wire format, in one place.
//
// The wire format (paths, query parameters, JSON bodies, trailers, status
// codes and the token) is public, as the export record is: the README's
// "Daemon API" section documents it for the people and tools that call
// the daemon, and this package is where it is defined. Every path,
// parameter name, body type and trailer name is declared once here and
// used by both halves: the server encodes what the client decodes, so the
// two cannot drift apart. The command line's flags are not part of it:
// errors in a query name the query parameter.
//
// Times in queries are RFC 3339 with an offset, and with nanoseconds when
// they have them (2025-04-29T14:30:00+07:00, 2025-04-29T07:30:00.5Z): one
// encoding for every endpoint, read back to the same instant. Times in JSON
// bodies are RFC 3339 in UTC.
package api
