package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/depeche-archiver/depeche/crawler/clean"
)

// fixture returns the bytes of testdata/crawler/name.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "crawler", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// gzipped compresses b.
func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serve answers every request with body, of type ctype, gzip-compressed
// when gz is set (and the client accepts it).
func serve(t *testing.T, ctype string, body []byte, gz bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		if gz {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Errorf("request without Accept-Encoding: gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			body = gzipped(t, body)
		}
		if _, err := w.Write(body); err != nil {
			t.Error(err)
		}
	}
}

// localOptions may reach httptest servers on 127.0.0.1.
func localOptions(o Options) Options {
	o.AllowPrivateNetworks = true
	return o
}

// newTestClient is a Client built from o.
func newTestClient(t *testing.T, o Options) *Client {
	t.Helper()
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testClient is the http.Client a Client built from o sends every request
// through.
func testClient(t *testing.T, o Options) *http.Client {
	t.Helper()
	return newTestClient(t, o).http
}

// fetchPage fetches one page through a new Client built from o.
func fetchPage(t *testing.T, ctx context.Context, rawURL string, o Options) (clean.Page, error) {
	t.Helper()
	page, _, err := newTestClient(t, o).Pages(ctx).Fetch(rawURL, nil)
	return page, err
}

// wantFetchError asserts that err is a *Error of kind and, when
// status is not 0, of that HTTP status.
func wantFetchError(t *testing.T, err error, kind Kind, status int) *Error {
	t.Helper()
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v (%T), want a *Error of kind %s", err, err, kind)
	}
	if fe.Kind != kind {
		t.Fatalf("kind = %q, want %q (err: %v)", fe.Kind, kind, err)
	}
	if status != 0 && fe.Status != status {
		t.Fatalf("status = %d, want %d (err: %v)", fe.Status, status, err)
	}
	return fe
}
