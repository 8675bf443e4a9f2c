package api

import (
	"net/http"
	"net/url"
	"strings"
)

// PathLogin is the web interface's login: GET shows the form (the UI's),
// POST checks the token and keeps it in a cookie.
const PathLogin = "/login"

// CookieToken is the cookie in which the web interface keeps the token:
// HttpOnly, SameSite=Strict, for the session.
const CookieToken = "depeche_token"

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
// never sends the browser elsewhere.
func LocalPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

// serveLogin answers POST /login: with the right token, a cookie that
// carries it and a redirect to the page asked for; else the form again,
// 401.
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	token := r.PostFormValue("token")
	next := LocalPath(r.PostFormValue("next"))
	if !s.isToken(token) {
		s.o.Logger.Info("web login refused", "remote", r.RemoteAddr)
		http.Redirect(w, r, PathLogin+"?"+url.Values{"next": {next}, "failed": {"1"}}.Encode(), http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: CookieToken, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}
