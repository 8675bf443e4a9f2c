package api

import "net/http"

// crossOrigin refuses, 403, a request that would change state (any method
// but GET, HEAD and OPTIONS) and that a browser sent from another site:
// its Sec-Fetch-Site is neither same-origin nor none, or, without that
// header, its Origin names another host than its Host. A request with
// neither header is not a browser's (the commands, curl) and passes.
// A form or a no-cors fetch on any page could otherwise POST /reload.
func crossOrigin(next http.Handler) http.Handler {
	c := http.NewCrossOriginProtection()
	c.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "depeche: a "+r.Method+" from another site is refused: "+
			"the listener takes requests that change state from its own pages and from clients that are not browsers",
			http.StatusForbidden)
	}))
	return c.Handler(next)
}
