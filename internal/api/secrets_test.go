package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/store"
)

// TestFeedsMasksUserInfo: GET /feeds names a feed whose URL holds a user
// and password, and a last error kept with that URL, without either.
func TestFeedsMasksUserInfo(t *testing.T) {
	for _, tt := range []struct{ name, userInfo string }{
		{"user-and-password", "alice:s3cret"},
		{"user-only", "alice"},
		{"password-with-specials", "alice:s3cret!$&'()*+,;="},
		{"percent-encoded", "alice%40home:s3cret%2F%3A"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openArchive(t, store.Options{})
			feedURL := "https://" + tt.userInfo + "@news.example/rss"
			err := db.PutFeedState(store.FeedState{
				Name: "vna-fr", URL: feedURL, ConfigURL: feedURL, LastPoll: time.Now(), ConsecutiveErrors: 1,
				LastError: "HTTP 503 " + feedURL + ": Service Unavailable", LastErrorKind: "server_error",
			})
			if err != nil {
				t.Fatal(err)
			}
			o := testOptions(db, true, "127.0.0.1:0", "")
			o.Feeds = func() []store.Feed { return []store.Feed{{Name: "vna-fr", URL: feedURL, Interval: time.Hour}} }
			s := NewServer(o)
			code, body := do(t, http.MethodGet, serve(t, s, "127.0.0.1:0")+PathFeeds, "")
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			if strings.Contains(body, "alice") || strings.Contains(body, "s3cret") {
				t.Errorf("/feeds shows the user information: %s", body)
			}
			for _, want := range []string{`"url":"https://***@news.example/rss"`, `"last_error":"HTTP 503 https://***@news.example/rss: Service Unavailable"`} {
				if !strings.Contains(body, want) {
					t.Errorf("/feeds lacks %s: %s", want, body)
				}
			}
		})
	}
}
