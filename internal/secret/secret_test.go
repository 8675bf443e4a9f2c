package secret

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"user-and-password", "https://alice:s3cret@news.example/rss", "https://***@news.example/rss"},
		{"user-only", "https://tok3n@news.example/rss", "https://***@news.example/rss"},
		{"empty-password", "https://alice:@news.example/rss", "https://***@news.example/rss"},
		{"password-with-specials", "https://alice:p@ss:w!$&'()*+,;=rd@news.example:8443/rss?x=1#y", "https://***@news.example:8443/rss?x=1#y"},
		{"percent-encoded", "https://al%40ice:p%2Fw%3Ad@news.example/rss", "https://***@news.example/rss"},
		{"nats", "nats://node:s3cret@10.0.0.1:4222", "nats://***@10.0.0.1:4222"},
		{"proxy", "http://proxyuser:s3cret@proxy.lan:3128", "http://***@proxy.lan:3128"},
		{"in-an-error", `Get "https://alice:***@news.example/rss": dial tcp: refused`, `Get "https://***@news.example/rss": dial tcp: refused`},
		{"two-urls", "from https://a:b@x.example/1 to https://c@y.example/2", "from https://***@x.example/1 to https://***@y.example/2"},
		{"no-user-info", "https://news.example/rss", "https://news.example/rss"},
		{"at-in-the-path", "https://medium.example/@alice/post", "https://medium.example/@alice/post"},
		{"at-in-the-query", "https://news.example/rss?mail=a@b.example", "https://news.example/rss?mail=a@b.example"},
		{"an-email-address", "write to alice@news.example", "write to alice@news.example"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestMaskAgreesWithTheParser: whatever net/url reads as a URL's user
// information is what Mask hides, and the host it reads stays.
func TestMaskAgreesWithTheParser(t *testing.T) {
	for _, raw := range []string{
		"https://a:b@h.example/", "https://a@b@h.example/p@q", "http://u%20v:w%25x@h.example:80",
		"https://a:b:c@h.example", "https://~a-._!$&'()*+,;=:%41@h.example",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		m, err := url.Parse(Mask(raw))
		if err != nil {
			t.Fatalf("Mask(%q) = %q does not parse: %v", raw, Mask(raw), err)
		}
		if m.User.Username() != Masked || m.Host != u.Host || m.Path != u.Path {
			t.Errorf("Mask(%q) = %q: user %q host %q path %q, want %q, %q, %q", raw, Mask(raw), m.User, m.Host, m.Path, Masked, u.Host, u.Path)
		}
	}
}

func TestStrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://alice:s3cret@news.example/rss?a=1", "https://news.example/rss?a=1"},
		{"https://tok3n@news.example/rss", "https://news.example/rss"},
		{"https://al%40ice:p%2Fw@news.example/rss", "https://news.example/rss"},
		{"https://news.example/@alice", "https://news.example/@alice"},
	}
	for _, tt := range tests {
		if got := Strip(tt.in); got != tt.want {
			t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMaskAttrHidesSecretsInLogs logs a URL, an error holding one and the
// message itself through both of slog's handlers.
func TestMaskAttrHidesSecretsInLogs(t *testing.T) {
	const feed = "https://alice:s3cret@news.example/rss"
	for _, h := range []struct {
		name string
		new  func(*bytes.Buffer) slog.Handler
	}{
		{"text", func(b *bytes.Buffer) slog.Handler {
			return slog.NewTextHandler(b, &slog.HandlerOptions{ReplaceAttr: MaskAttr})
		}},
		{"json", func(b *bytes.Buffer) slog.Handler {
			return slog.NewJSONHandler(b, &slog.HandlerOptions{ReplaceAttr: MaskAttr})
		}},
	} {
		t.Run(h.name, func(t *testing.T) {
			var b bytes.Buffer
			log := slog.New(h.new(&b)).With("feed_url", feed)
			u, err := url.Parse(feed)
			if err != nil {
				t.Fatal(err)
			}
			log.WithGroup("poll").Warn("poll of "+feed+" failed", "url", feed, "err", fmt.Errorf("poll: %w", errors.New("GET "+feed+": 500")), "parsed", u)
			out := b.String()
			if strings.Contains(out, "s3cret") || strings.Contains(out, "alice") {
				t.Errorf("the log shows the user or password:\n%s", out)
			}
			if n := strings.Count(out, "https://***@news.example/rss"); n != 5 {
				t.Errorf("the log shows the masked URL %d times, want 5:\n%s", n, out)
			}
		})
	}
}
