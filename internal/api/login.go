package api

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// PathLogin is the web interface's login: GET shows the form (the UI's),
// POST checks the token and starts a session (CookieSession).
const PathLogin = "/login"

// wantsPage reports whether r comes from a browser asking for a page:
// it is sent to the login form rather than answered 401.
func wantsPage(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html")
}

// loginURL is the login form that comes back to r's page.
func loginURL(r *http.Request) string {
	return PathLogin + "?" + url.Values{"next": {r.URL.RequestURI()}}.Encode()
}

// LocalPath is next when it is a path of this origin, else "/": a login
// never sends the browser elsewhere. A path of this origin starts with
// one '/' and holds printable ASCII only, without '\': browsers read a
// '\' as '/' and drop tabs and line breaks, so "/\evil.example" and
// "/\t/evil.example" would take them to another host. The paths the
// interface sends to the form are request URIs, escaped: ASCII, and
// every '%' begins an escape.
func LocalPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for i := range len(next) {
		if c := next[i]; c <= ' ' || c >= 0x7f || c == '\\' {
			return "/"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/" // a bad escape: not a URI the interface made
	}
	return next
}

// serveLogin answers POST /login: with the right token, a session cookie
// and a redirect to the page asked for; else the form again. A client
// that failed loginFailures times within loginWindow gets 429 until the
// oldest of them is that old, whatever token it sends.
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	wait, succeeded := s.logins.admit(r.RemoteAddr)
	if wait > 0 {
		secs := strconv.Itoa(int(math.Ceil(wait.Seconds())))
		s.o.Logger.Debug("web login refused: too many failures", "remote", r.RemoteAddr)
		w.Header().Set("Retry-After", secs)
		http.Error(w, fmt.Sprintf("too many failed logins from your address (%d a minute at most): try again in %s seconds", loginFailures, secs),
			http.StatusTooManyRequests)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	token := r.PostFormValue("token")
	next := LocalPath(r.PostFormValue("next"))
	if !s.isToken(token) {
		s.o.Logger.Info("web login refused", "remote", r.RemoteAddr)
		seeOther(w, PathLogin+"?"+url.Values{"next": {next}, "failed": {"1"}}.Encode())
		return
	}
	succeeded()
	http.SetCookie(w, &http.Cookie{Name: CookieSession, Value: s.newSession(), Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	seeOther(w, next)
}

// seeOther answers 303 to location, a path LocalPath let through, as it
// is: http.Redirect would clean it first ("/./\x" to "/\x").
func seeOther(w http.ResponseWriter, location string) {
	w.Header().Set("Location", location)
	w.WriteHeader(http.StatusSeeOther)
}
