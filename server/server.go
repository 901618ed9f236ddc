// Package server is stdkb's web application: a JSON API under /api/ and a server-rendered
// Chinese UI, over one content snapshot (library and search index) that can be replaced while
// serving.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alexedwards/scs/v2"

	"stdkb"
	"stdkb/content"
	"stdkb/indexer"
	"stdkb/store"
)

// Config is what a Server needs.
type Config struct {
	Content fs.FS        // the content tree
	Name    string       // the content's name for messages ("embedded" or a path)
	DataDir string       // holds the index and the database
	Store   *store.Store // the database; the caller opens and closes it
	Logger  *slog.Logger
	Today   func() stdkb.Date // the day states are computed for; nil means the clock

	RequireLogin  bool // anonymous users may read and search unless this is set
	SecureCookies bool // set when served over HTTPS (directly or behind a proxy)
}

// snapshot is one consistent view of the content: a library and its index.
type snapshot struct {
	lib    *stdkb.Library
	ix     *indexer.Index
	loaded time.Time
}

// Server serves one content snapshot at a time; Reload swaps in a new one atomically.
type Server struct {
	cfg      Config
	snap     atomic.Pointer[snapshot]
	reloadMu sync.Mutex // one reload at a time
	lastErr  atomic.Pointer[reloadError]
	log      *slog.Logger
	sessions *scs.SessionManager
	throttle *throttle
}

// reloadError is the outcome of the last failed reload, shown to administrators.
type reloadError struct {
	At       time.Time
	Problems stdkb.Problems
	Err      string
}

// New loads the content and opens (building when needed) its index. It fails if the content
// does not pass check: there is no last good snapshot to fall back to yet.
func New(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Today == nil {
		cfg.Today = func() stdkb.Date { return stdkb.DateOf(time.Now()) }
	}
	s := &Server{cfg: cfg, log: cfg.Logger, throttle: &throttle{failures: map[string][]time.Time{}}}
	s.sessions = s.newSessions()
	if err := s.Reload(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Reload loads the content again and, if it passes check and indexes, serves it. On failure
// the server keeps serving the last good snapshot and remembers the problems for /admin.
func (s *Server) Reload(ctx context.Context) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	start := time.Now()
	lib, err := content.LoadAt(s.cfg.Content, s.cfg.Today())
	if err != nil {
		var ps stdkb.Problems
		errors.As(err, &ps)
		s.lastErr.Store(&reloadError{At: time.Now(), Problems: ps, Err: err.Error()})
		s.log.Error("content rejected; still serving the last good content", "content", s.cfg.Name, "problems", len(ps))
		return fmt.Errorf("content %s: %w", s.cfg.Name, err)
	}
	old := s.snap.Load()
	if old != nil && old.lib.Hash == lib.Hash {
		s.lastErr.Store(nil)
		return nil
	}
	ix, built, err := indexer.OpenDir(ctx, lib, s.cfg.DataDir, indexer.DirOptions{})
	if err != nil {
		s.lastErr.Store(&reloadError{At: time.Now(), Err: err.Error()})
		s.log.Error("index failed; still serving the last good content", "err", err)
		return err
	}
	s.snap.Store(&snapshot{lib: lib, ix: ix, loaded: time.Now()})
	s.lastErr.Store(nil)
	s.log.Info("content loaded", "content", s.cfg.Name, "hash", lib.Hash[:12], "documents", len(lib.Documents), "index_built", built, "took", time.Since(start).Round(time.Millisecond))
	if old != nil {
		// Searches already running hold the old snapshot; give them time before closing it.
		go func() {
			time.Sleep(30 * time.Second)
			old.ix.Close()
		}()
	}
	return nil
}

// Close releases the current index.
func (s *Server) Close() error {
	if sn := s.snap.Load(); sn != nil {
		return sn.ix.Close()
	}
	return nil
}

func (s *Server) current() *snapshot { return s.snap.Load() }

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
