package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestFeedDocument: Client.Feed sends the validators and the caller's
// headers, reports a 304 as NotModified, and names the final URL as
// MovedTo only when every redirect on the way was permanent.
func TestFeedDocument(t *testing.T) {
	const etag = `"v2"`
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Feed-Key") != "k1" {
			http.Error(w, "no key", http.StatusForbidden)
			return
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		if _, err := w.Write(fixture(t, "rss.xml")); err != nil {
			t.Error(err)
		}
	})
	mux.Handle("/moved", http.RedirectHandler("/feed.xml", http.StatusMovedPermanently))
	mux.Handle("/moved-twice", http.RedirectHandler("/moved", http.StatusPermanentRedirect))
	mux.Handle("/elsewhere", http.RedirectHandler("/moved", http.StatusFound))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	key := http.Header{"X-Feed-Key": {"k1"}}
	tests := []struct {
		name            string
		path            string
		sent            Validators
		wantNotModified bool
		wantMovedTo     string
	}{
		{name: "fresh", path: "/feed.xml"},
		{name: "etag-matches-is-not-modified", path: "/feed.xml", sent: Validators{ETag: etag}, wantNotModified: true},
		{name: "permanent-redirects-move-the-feed", path: "/moved-twice", wantMovedTo: "/feed.xml"},
		{name: "a-temporary-redirect-on-the-way-does-not", path: "/elsewhere"},
	}
	c := newTestClient(t, localOptions(Options{}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := c.Feed(t.Context(), srv.URL+tt.path, key, tt.sent)
			if err != nil {
				t.Fatal(err)
			}
			if doc.NotModified != tt.wantNotModified {
				t.Errorf("NotModified = %v, want %v", doc.NotModified, tt.wantNotModified)
			}
			want := ""
			if tt.wantMovedTo != "" {
				want = srv.URL + tt.wantMovedTo
			}
			if doc.MovedTo != want {
				t.Errorf("MovedTo = %q, want %q", doc.MovedTo, want)
			}
			if doc.URL.Path != "/feed.xml" {
				t.Errorf("URL = %s, want the final URL", doc.URL)
			}
			if !tt.wantNotModified && (len(doc.Body) == 0 || doc.Header.Get("ETag") != etag) {
				t.Errorf("body of %d bytes, ETag %q: want the feed and its ETag", len(doc.Body), doc.Header.Get("ETag"))
			}
		})
	}
}

// TestErrorMasksUserInfo: a feed URL's user and password reach the
// server as Basic credentials, and the error of a failed fetch, which is
// logged and kept as the feed's last error, does not show them.
func TestErrorMasksUserInfo(t *testing.T) {
	var gotUser, gotPass string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUser, gotPass, _ = r.BasicAuth()
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	feedURL := strings.Replace(srv.URL, "http://", "http://alice:p%40ss%2Fw0rd@", 1) + "/rss"
	_, err := newTestClient(t, Options{AllowPrivateNetworks: true}).Feed(context.Background(), feedURL, nil, Validators{})
	wantFetchError(t, err, KindServer, http.StatusServiceUnavailable)
	if gotUser != "alice" || gotPass != "p@ss/w0rd" {
		t.Errorf("server got user %q password %q, want alice and p@ss/w0rd", gotUser, gotPass)
	}
	msg := err.Error()
	if strings.Contains(msg, "alice") || strings.Contains(msg, "p%40ss") || !strings.Contains(msg, "http://***@127.0.0.1") {
		t.Errorf("error %q shows the user information, or not the masked URL", msg)
	}
}
