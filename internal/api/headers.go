package api

import "net/http"

// csp allows a page its own stylesheet, images and forms, and nothing
// else: no script, no frame, nothing from another origin (a link to one
// is still a link). On a JSON answer or a download it allows nothing.
const csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'"

// Secure sets the headers every answer of the listener carries, the
// web interface's pages, JSON, downloads and errors alike: a handler may
// narrow them (the captured page's CSP sandboxes it). It sets no CORS
// header: no other origin may read an answer.
func Secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
