package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/depeche-archiver/depeche/internal/search"
	"github.com/depeche-archiver/depeche/store"
)

// pageUI stands for the web interface: it names the page it serves.
var pageUI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "page "+r.URL.Path)
})

// browser is a client that keeps cookies, asks for pages and does not
// follow redirects, so that the test sees them.
func browser(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func getPage(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestUILoginKeepsTheTokenInACookie(t *testing.T) {
	db := openArchive(t, store.Options{})
	o := testOptions(db, true, "0.0.0.0:8080", "s3cret")
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	c := browser(t)

	resp := getPage(t, c, srv.URL+"/articles?feed=a")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Farticles%3Ffeed%3Da" {
		t.Fatalf("page without token: %s to %q, want 303 to the login form", resp.Status, resp.Header.Get("Location"))
	}
	if resp, _ := http.Get(srv.URL + "/feeds"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API without token: %s, want 401", resp.Status)
	}

	resp, err := c.PostForm(srv.URL+"/login", url.Values{"token": {"wrong"}, "next": {"/articles"}})
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "failed=1") || len(resp.Cookies()) > 0 {
		t.Errorf("wrong token: redirect %q, cookies %v; want the form again and no cookie", loc, resp.Cookies())
	}

	resp, err = c.PostForm(srv.URL+"/login", url.Values{"token": {"s3cret"}, "next": {"//elsewhere.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("login redirects to %q, want / (never another origin)", loc)
	}
	cookies := resp.Cookies()
	if len(cookies) != 1 || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode || cookies[0].Name != CookieSession {
		t.Fatalf("cookies %+v, want one HttpOnly SameSite=Strict %s", cookies, CookieSession)
	}
	if resp := getPage(t, c, srv.URL+"/articles"); resp.StatusCode != http.StatusOK {
		t.Errorf("page with the cookie: %s, want 200", resp.Status)
	}
}

func TestUIOnLoopbackNeedsNoToken(t *testing.T) {
	db := openArchive(t, store.Options{})
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	resp := getPage(t, browser(t), srv.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /: %s, want 200", resp.Status)
	}
}

func TestSearchJSON(t *testing.T) {
	db := openArchive(t, store.Options{})
	a := &store.Article{URL: "https://example.test/port", Title: "Le port s'agrandit", Language: "fr",
		Text: "Les travaux du port commencent. Les élections suivront.", Published: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)}
	if _, _, err := db.Save(a, "quotidien", ""); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(search.Path(db.Path()))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.CatchUp(context.Background(), db, nil); err != nil {
		t.Fatal(err)
	}
	o := testOptions(db, true, "127.0.0.1:0", "")
	o.Search = NewSearcher(ix, db, SearchLimits{})
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()

	res, err := NewClient(srv.Listener.Addr().String(), "").Search(context.Background(), SearchRequest{Q: "élection", Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].Title != a.Title || len(res.Hits[0].Snippets) == 0 {
		t.Fatalf("response %+v", res)
	}
	found := false
	for _, p := range res.Hits[0].Snippets[0] {
		found = found || (p.Hit && p.Text == "élections")
	}
	if !found {
		t.Errorf("snippet %+v does not mark élections", res.Hits[0].Snippets[0])
	}

	for q, want := range map[string]int{
		"q=%22open":                   http.StatusBadRequest, // a quote not closed
		"q=port&n=9999":               http.StatusBadRequest,
		"q=port&since=last+week":      http.StatusBadRequest,
		"q=port&until=2025-01-01":     http.StatusOK,
		"q=published%3E%3D2025-02-01": http.StatusOK,
	} {
		resp, err := http.Get(srv.URL + "/search?format=json&" + q)
		if err != nil {
			t.Fatal(err)
		}
		var body SearchResponse
		if resp.StatusCode == http.StatusOK {
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: %s, want %d", q, resp.Status, want)
		}
	}
}

// browserTarget is where a browser goes when told to go to location from
// base: as the URL standard says, it drops tabs and line breaks anywhere,
// trims C0 controls and spaces at the ends, and reads '\' as '/' in a
// special (http) URL.
func browserTarget(base *url.URL, location string) (*url.URL, error) {
	loc := strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, location)
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, err
	}
	return base.ResolveReference(ref), nil
}

// TestLoginNeverSendsTheBrowserElsewhere: whatever next a form carries,
// the redirect after a login (right or wrong token) stays on this origin,
// and a next that could leave it becomes "/".
func TestLoginNeverSendsTheBrowserElsewhere(t *testing.T) {
	const token = "0123456789abcdef"
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", token)
	o.UI = pageUI
	o.Now = clock.now
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	base, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	leaving := []string{
		"/\t/evil.example", "/./\\evil.example", "//evil.example", "///evil.example", "/\\evil.example", "/\\/evil.example",
		"\\\\evil.example", "\\/evil.example", "\t//evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example",
		"/\x7f/evil.example", " //evil.example", "/ /evil.example", "/.\\evil.example", "/..\\evil.example", "/../\\evil.example",
		"/\u00a0/evil.example", "/\u2215evil.example", "/\uff0fevil.example", "/\u200b/evil.example",
		"https://evil.example", "http:evil.example", "http:/evil.example", "HTTPS://evil.example/", "//evil.example/%2F..",
		"evil.example", "javascript:alert(1)", "data:text/html,x", "%2F%2Fevil.example", "%2F%09%2Fevil.example",
		"%5C%5Cevil.example", "%09//evil.example", "", "\x00",
		"/x\r\nSet-Cookie: a=b", "/x\nLocation: https://evil.example",
	}
	kept := []string{
		"/", "/articles?feed=a&since=2025-01-01", "/articles/5", "/search?q=%22port%22+-%C3%A9lection", "/articles/5/capture",
		"/%2F%2Fevil.example", "/%5Cevil.example", "/%09/evil.example", "/.%2E/evil.example", "/a//b",
	}
	for _, withToken := range []bool{true, false} {
		for _, next := range append(leaving, kept...) {
			form := url.Values{"token": {"wrong-token-of-16ch"}, "next": {next}}
			if withToken {
				form.Set("token", token)
			}
			resp, err := browser(t).PostForm(srv.URL+PathLogin, form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			clock.advance(loginWindow) // each wrong token is let in
			loc := resp.Header.Get("Location")
			if !withToken { // back to the form, next in its query
				u, err := url.Parse(loc)
				if err != nil || u.Path != PathLogin {
					t.Errorf("wrong token, next %q: Location %q, want the form", next, loc)
					continue
				}
				loc = u.Query().Get("next")
			}
			want := "/"
			if slices.Contains(kept, next) {
				want = next
			}
			if loc != want {
				t.Errorf("token %v, next %q: to %q, want %q", withToken, next, loc, want)
			}
			if to, err := browserTarget(base, loc); err != nil || to.Host != base.Host || to.Scheme != base.Scheme {
				t.Errorf("token %v, next %q: Location %q takes a browser to %v (%v)", withToken, next, loc, to, err)
			}
		}
	}
}

// TestLocalPath: the examples, as the form that shows next (the
// web interface's) calls it.
func TestLocalPath(t *testing.T) {
	for _, next := range []string{"/\t/evil.example", "/./\\evil.example", "//evil.example", "https://evil.example"} {
		if got := LocalPath(next); got != "/" {
			t.Errorf("LocalPath(%q) = %q, want /", next, got)
		}
	}
}

// TestFailedLoginsAreLimited: five wrong tokens in a minute from one
// address, and the next try, even with the right token, gets 429 and
// Retry-After until the oldest failure is a minute old; another address
// is not held back.
func TestFailedLoginsAreLimited(t *testing.T) {
	const token = "0123456789abcdef"
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", token)
	o.UI = pageUI
	o.Now = clock.now
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	login := func(c *http.Client, tok string) *http.Response {
		t.Helper()
		resp, err := c.PostForm(srv.URL+PathLogin, url.Values{"token": {tok}, "next": {"/articles"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	c := browser(t)
	for i := range loginFailures {
		if resp := login(c, "guess-"+strconv.Itoa(i)); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("failure %d: %s, want 303 to the form", i+1, resp.Status)
		}
		clock.advance(10 * time.Second)
	}
	// The first failure was 50 s ago.
	for _, tok := range []string{"guess-again", token} {
		resp := login(c, tok)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" || len(resp.Cookies()) > 0 {
			t.Errorf("token %q after %d failures: %s, Retry-After %q, cookies %v; want 429, 10, none",
				tok, loginFailures, resp.Status, resp.Header.Get("Retry-After"), resp.Cookies())
		}
	}
	if other := fromAddress(t, "127.0.0.2"); other != nil {
		if resp := login(other, token); resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) != 1 {
			t.Errorf("login from another address: %s with %d cookies, want 303 and a session", resp.Status, len(resp.Cookies()))
		}
	}
	clock.advance(9 * time.Second)
	if resp := login(c, token); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Errorf("a second before the first failure is a minute old: %s, Retry-After %q; want 429, 1", resp.Status, resp.Header.Get("Retry-After"))
	}
	clock.advance(time.Second)
	if resp := login(c, token); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/articles" || len(resp.Cookies()) != 1 {
		t.Errorf("once the first failure is a minute old: %s to %q, want 303 to /articles with a session", resp.Status, resp.Header.Get("Location"))
	}
	login(c, "guess-later") // the fifth failure within the minute: four still count
	if resp := login(c, token); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "10" {
		t.Errorf("after a fifth failure within the minute: %s, Retry-After %q; want 429, 10", resp.Status, resp.Header.Get("Retry-After"))
	}
}

// TestLoginTriesSentAtOnceAreCounted: wrong tokens sent all at once do
// not slip in before the first failure is counted: five reach the check,
// the rest get 429.
func TestLoginTriesSentAtOnceAreCounted(t *testing.T) {
	o := testOptions(openArchive(t, store.Options{}), true, "127.0.0.1:0", "0123456789abcdef")
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	const tries = 30
	codes := make(chan int, tries)
	var wg sync.WaitGroup
	for i := range tries {
		wg.Go(func() {
			resp, err := browser(t).PostForm(srv.URL+PathLogin, url.Values{"token": {"guess-" + strconv.Itoa(i)}})
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes <- resp.StatusCode
		})
	}
	wg.Wait()
	close(codes)
	n := map[int]int{}
	for c := range codes {
		n[c]++
	}
	if n[http.StatusSeeOther] != loginFailures || n[http.StatusTooManyRequests] != tries-loginFailures {
		t.Errorf("%d wrong tokens at once: %v, want %d checked (303) and the rest 429", tries, n, loginFailures)
	}
}

// fromAddress is a browser whose connections leave from the loopback
// address ip; nil when the machine does not let it bind there.
func fromAddress(t *testing.T, ip string) *http.Client {
	t.Helper()
	l, err := net.Listen("tcp", ip+":0")
	if err != nil {
		return nil
	}
	l.Close()
	c := browser(t)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	c.Transport = &http.Transport{DialContext: dialer.DialContext}
	return c
}

func TestLoginLimitKeys(t *testing.T) {
	tests := []struct{ remote, client string }{
		{"192.0.2.7:4711", "192.0.2.7"},
		{"[::ffff:192.0.2.7]:4711", "192.0.2.7"},
		{"[2001:db8:1:2:aaaa::1]:4711", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:bbbb::9]:80", "2001:db8:1:2::/64"},
		{"[2001:db8:1:3::1]:80", "2001:db8:1:3::/64"},
	}
	for _, tt := range tests {
		if got := remoteClient(tt.remote); got != tt.client {
			t.Errorf("remoteClient(%q) = %q, want %q", tt.remote, got, tt.client)
		}
	}
}

// TestLoginLimitIsBounded: however many addresses fail, the limiter
// remembers at most loginClients of them; the rest share one allowance,
// and entries older than the window make room again.
func TestLoginLimitIsBounded(t *testing.T) {
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := newLoginLimit(clock.now)
	for i := range loginClients + 100 {
		l.admit(fmt.Sprintf("[2001:db8:%x::1]:1", i))
	}
	if n := len(l.fails); n > loginClients+1 {
		t.Fatalf("%d clients remembered, want at most %d", n, loginClients+1)
	}
	if wait, _ := l.admit("[2001:db8:ffff::1]:1"); wait == 0 {
		t.Error("a new address beyond the bound is not held back, though 100 others over it failed")
	}
	if wait, _ := l.admit("[2001:db8:0::1]:1"); wait != 0 {
		t.Error("an address with one failure is held back")
	}
	clock.advance(loginWindow)
	if wait, _ := l.admit("192.0.2.1:1"); wait != 0 || len(l.fails) != 1 {
		t.Errorf("a minute later: %d clients remembered, want the one that just tried", len(l.fails))
	}
}

// TestSessionCookieIsNotTheToken: the cookie a login sets holds no part
// of the token; it opens the API, and a cookie made any other way does
// not: the raw token, a forged MAC, one made with another token, a
// tampered id.
func TestSessionCookieIsNotTheToken(t *testing.T) {
	const token = "0123456789abcdef"
	o := testOptions(openArchive(t, store.Options{}), true, "0.0.0.0:0", token)
	o.UI = pageUI
	srv := httptest.NewServer(NewServer(o).Handler())
	defer srv.Close()
	resp, err := browser(t).PostForm(srv.URL+PathLogin, url.Values{"token": {token}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Cookies()) != 1 {
		t.Fatalf("login set %v, want one session cookie", resp.Cookies())
	}
	session := resp.Cookies()[0].Value
	for i := 0; i+4 <= len(token); i++ {
		if strings.Contains(session, token[i:i+4]) {
			t.Fatalf("session cookie %q holds %q of the token", session, token[i:i+4])
		}
	}
	other := NewServer(Options{DB: o.DB, Token: "fedcba9876543210"}).newSession()
	id, mac, _ := strings.Cut(session, ".")
	tampered := "X" + id[1:] // another first letter, whatever the id's was
	if id[0] == 'X' {
		tampered = "Y" + id[1:]
	}
	tests := []struct {
		name, value string
		want        int
	}{
		{"session", session, http.StatusOK},
		{"raw-token", token, http.StatusUnauthorized},
		{"raw-token-as-mac", id + "." + token, http.StatusUnauthorized},
		{"other-token", other, http.StatusUnauthorized},
		{"tampered-id", tampered + "." + mac, http.StatusUnauthorized},
		{"truncated-mac", id + "." + mac[:len(mac)-2], http.StatusUnauthorized},
		{"no-mac", id, http.StatusUnauthorized},
		{"empty", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		resp, body := call(t, nil, http.MethodGet, srv.URL+PathFeeds, http.Header{"Cookie": {CookieSession + "=" + tt.value}})
		if resp.StatusCode != tt.want {
			t.Errorf("%s: GET /feeds with cookie %q = %s %.60q, want %d", tt.name, tt.value, resp.Status, body, tt.want)
		}
	}
	if resp, _ := call(t, nil, http.MethodGet, srv.URL+PathFeeds, http.Header{"Cookie": {"depeche_token=" + token}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old cookie with the raw token: %s, want 401", resp.Status)
	}
}

// FuzzLocalPath: whatever next is, the path a login sends the browser to
// is next itself or "/", and takes a browser to no other origin.
func FuzzLocalPath(f *testing.F) {
	for _, seed := range []string{"/\t/evil.example", "/./\\evil.example", "//evil.example", "/articles?feed=a", "https://evil.example", "/%2F%2Fx", "/\u3000/x"} {
		f.Add(seed)
	}
	base := &url.URL{Scheme: "http", Host: "127.0.0.1:8077", Path: "/login"}
	f.Fuzz(func(t *testing.T, next string) {
		got := LocalPath(next)
		if got != "/" && got != next {
			t.Fatalf("LocalPath(%q) = %q, want the path itself or /", next, got)
		}
		to, err := browserTarget(base, got)
		if err != nil || to.Scheme != base.Scheme || to.Host != base.Host {
			t.Fatalf("LocalPath(%q) = %q takes a browser to %v (%v)", next, got, to, err)
		}
	})
}
