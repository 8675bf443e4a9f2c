package web

import (
	"net/http"

	"github.com/depeche-archiver/depeche/internal/api"
)

// loginData is the login form's.
type loginData struct {
	Next   string // the page to go back to
	Failed bool   // the last token given was wrong
}

// serveLogin shows the form that takes the token once; the API checks it
// (POST /login) and keeps it in an HttpOnly, SameSite=Strict cookie.
func (u *UI) serveLogin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := loginData{Next: api.LocalPath(q.Get("next")), Failed: q.Get("failed") == "1"}
	code := http.StatusOK
	if d.Failed {
		code = http.StatusUnauthorized
	}
	u.render(w, code, "login", page{Title: "Token required", Data: d})
}
