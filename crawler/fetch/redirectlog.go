package fetch

import (
	"context"
	"sync"
)

// RedirectLog remembers, for the requests of a context that carries it,
// the status of the first redirect each original URL met: a revisit
// redirected away from its article says with which status it was.
type RedirectLog struct {
	mu    sync.Mutex
	first map[string]int // original URL -> status of its first redirect
}

type redirectLogKey struct{}

// WithRedirectLog returns ctx carrying a new redirect log, and the log.
func WithRedirectLog(ctx context.Context) (context.Context, *RedirectLog) {
	l := &RedirectLog{first: make(map[string]int)}
	return context.WithValue(ctx, redirectLogKey{}, l), l
}

// redirectLogOf is the log ctx carries, nil when none.
func redirectLogOf(ctx context.Context) *RedirectLog {
	l, _ := ctx.Value(redirectLogKey{}).(*RedirectLog)
	return l
}

// note records status for url unless its first redirect was recorded.
func (l *RedirectLog) note(url string, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.first[url]; !ok {
		l.first[url] = status
	}
}

// Take returns and forgets the status of url's first redirect; 0 when it
// met none.
func (l *RedirectLog) Take(url string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	status := l.first[url]
	delete(l.first, url)
	return status
}
