package fetch

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
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
