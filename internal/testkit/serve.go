package testkit

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

// Gzipped compresses b.
func Gzipped(t testing.TB, b []byte) []byte {
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

// Serve answers every request with body, of type ctype, gzip-compressed
// when gz is set; a request that does not accept gzip is then an error of
// the test.
func Serve(t testing.TB, ctype string, body []byte, gz bool) http.HandlerFunc {
	if gz {
		body = Gzipped(t, body)
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		if gz {
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Errorf("request without Accept-Encoding: gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
		}
		if _, err := w.Write(body); err != nil {
			t.Error(err)
		}
	}
}

// Send sends req through do (a client's Do, or a transport's RoundTrip to
// follow no redirect) and returns the response with its body read whole
// and closed.
func Send(t testing.TB, do func(*http.Request) (*http.Response, error), req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// Get is Send of a GET of u by the default client.
func Get(t testing.TB, u string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Send(t, http.DefaultClient.Do, req)
}
