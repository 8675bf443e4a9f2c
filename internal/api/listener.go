package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long a stopping daemon lets requests in flight (a
// long /export, say) finish before it cuts them.
const shutdownGrace = 5 * time.Second

// Listener is the daemon's HTTP listener, serving in the background.
type Listener struct {
	srv    *http.Server
	addr   net.Addr
	served chan error // Serve's result
}

// Listen binds addr and serves h until Shutdown. It logs the bound
// address, which differs from addr when addr asks for port 0.
func Listen(addr string, h http.Handler, log *slog.Logger) (*Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	l := &Listener{
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 10 * time.Second,
			IdleTimeout:       time.Minute,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
		},
		addr:   ln.Addr(),
		served: make(chan error, 1),
	}
	go func() { l.served <- l.srv.Serve(ln) }()
	log.Info("listening", "addr", l.addr.String())
	return l, nil
}

// Addr is the bound address.
func (l *Listener) Addr() net.Addr { return l.addr }

// Shutdown stops accepting, lets requests in flight finish for up to
// shutdownGrace, then closes what is left and returns once Serve has.
func (l *Listener) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := l.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = l.srv.Close()
	}
	if serveErr := <-l.served; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	if err != nil {
		return fmt.Errorf("stop listener %s: %w", l.addr, err)
	}
	return nil
}
