package api

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// CookieSession is the cookie in which the web interface keeps a session
// after a login: HttpOnly, SameSite=Strict, for the browser's session.
const CookieSession = "depeche_session"

// sessionMAC is the proof that whoever made session id knew the token: an
// HMAC-SHA256 of the id keyed with the token. The cookie never holds the
// token itself, and a new token ends every session.
func sessionMAC(token, id string) []byte {
	m := hmac.New(sha256.New, []byte(token))
	m.Write([]byte("depeche session " + id))
	return m.Sum(nil)
}

// newSession is a cookie value for a new session: a random id and its MAC,
// "ID.MAC".
func (s *Server) newSession() string {
	id := rand.Text()
	return id + "." + base64.RawURLEncoding.EncodeToString(sessionMAC(s.o.Token, id))
}

// isSession reports, in constant time for a given id, whether value is a
// session made with the token.
func (s *Server) isSession(value string) bool {
	id, mac, ok := strings.Cut(value, ".")
	if !ok || s.o.Token == "" {
		return false
	}
	got, err := base64.RawURLEncoding.DecodeString(mac)
	return err == nil && hmac.Equal(got, sessionMAC(s.o.Token, id))
}
