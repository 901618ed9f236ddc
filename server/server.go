// Package server is stdkb's web front end: a JSON API under /api/ and a server-rendered Chinese
// UI. It only translates: it reads requests, calls the use cases of package kb with the caller
// the session names, and renders their results and errors.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"stdkb/kb"
)

// Config is what a Server needs.
type Config struct {
	App           *kb.App // the running knowledge base; the caller creates and closes it
	Logger        *slog.Logger
	SecureCookies bool // set when served over HTTPS (directly or behind a proxy)
}

// Server is the HTTP front end of one kb.App.
type Server struct {
	cfg      Config
	app      *kb.App
	log      *slog.Logger
	sessions *scs.SessionManager
	throttle *throttle
}

// New returns the front end of cfg.App.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, app: cfg.App, log: cfg.Logger, throttle: newThrottle()}
	s.sessions = s.newSessions()
	return s
}

// Handler returns the HTTP handler: middleware, API and UI.
func (s *Server) Handler() http.Handler { return s.routes() }

// ListenAndServe serves on addr until ctx is done, then shuts down gracefully: requests in
// flight finish (up to 15 s).
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	srv := &http.Server{
		Addr:              addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelInfo),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	s.log.Info("listening", "addr", "http://"+addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	s.log.Info("shutting down")
	return srv.Shutdown(shutdown)
}
