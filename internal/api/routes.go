package api

import (
	"net/http"
	"slices"
	"strings"
)

// router is a ServeMux that answers a method a path does not take with
// 405 and the Allow header, as HTTP asks, where a catch-all route ("/",
// the web interface) would otherwise answer 404.
type router struct {
	mux   *http.ServeMux
	allow map[string][]string // path -> the methods it takes
}

func newRouter() *router {
	return &router{mux: http.NewServeMux(), allow: map[string][]string{}}
}

// handle routes method on path to h.
func (rt *router) handle(method, path string, h http.Handler) {
	rt.mux.Handle(method+" "+path, h)
	if _, seen := rt.allow[path]; !seen {
		rt.mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Allow", rt.allowed(path))
			http.Error(w, "method not allowed: "+path+" takes "+rt.allowed(path), http.StatusMethodNotAllowed)
		})
	}
	rt.allow[path] = append(rt.allow[path], method)
}

func (rt *router) handleFunc(method, path string, h http.HandlerFunc) {
	rt.handle(method, path, h)
}

// allowed is path's Allow header: its methods, HEAD with GET.
func (rt *router) allowed(path string) string {
	m := slices.Clone(rt.allow[path])
	if slices.Contains(m, http.MethodGet) {
		m = append(m, http.MethodHead)
	}
	slices.Sort(m)
	return strings.Join(slices.Compact(m), ", ")
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) { rt.mux.ServeHTTP(w, r) }
