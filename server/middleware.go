package server

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"stdkb"
)

// MaxBodyBytes bounds request bodies; MaxAssessBytes the body of POST /api/assess, which
// anyone may call and which costs CPU and memory in proportion to its size (2,000 answered
// items, each with a comment and an evidence file, take about 290 KB).
const (
	MaxBodyBytes   = 8 << 20
	MaxAssessBytes = 512 << 10
	// MaxFormBytes bounds the self-assessment form, which carries evidence files of up to
	// 10 MiB each (store.MaxEvidenceSize): a form may carry at least three at the limit.
	MaxFormBytes = 32 << 20
	// MaxLoginBytes bounds the sign-in form (a name of at most 64 bytes, a password of at most
	// 72, the CSRF token and where to go next): a huge posted name is refused before anything
	// parses it.
	MaxLoginBytes = 16 << 10
)

// securityHeaders sets the headers every response carries. The CSP allows no inline script and
// no framing; the UI needs no script at all.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies: MaxFormBytes for the self-assessment form, MaxBodyBytes for
// everything else (routes may set lower caps). Reading past the cap fails and the handler
// answers 413.
func (s *Server) limitBody(next http.Handler) http.Handler {
	form, other := s.bodyLimit(MaxFormBytes)(next), s.bodyLimit(MaxBodyBytes)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/assess/save" {
			form.ServeHTTP(w, r)
			return
		}
		other.ServeHTTP(w, r)
	})
}

// limitLogin caps the sign-in form's body at MaxLoginBytes, before the CSRF check parses it.
func (s *Server) limitLogin(next http.Handler) http.Handler {
	small := s.bodyLimit(MaxLoginBytes)(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/login" {
			small.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// bodyLimit caps request bodies at n bytes.
func (s *Server) bodyLimit(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > n {
				// API clients get JSON; a browser posting a form gets a page.
				if strings.HasPrefix(r.URL.Path, "/api/") {
					s.fail(w, r, tooLargeError(n))
				} else {
					w.Header().Set("Connection", "close")
					s.uiError(w, r, tooLargeError(n))
				}
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, n)
			next.ServeHTTP(w, trackBody(r))
		})
	}
}

// recoverer turns a panic into a 500 without leaking the stack to the client; the stack goes to
// the log.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "value", v, "stack", string(debug.Stack()))
				s.fail(w, r, stdkb.Errorf(stdkb.EINTERNAL, "panic"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// accessLog logs each request as structured data.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", ww.Status()),
			slog.Int("bytes", ww.BytesWritten()), slog.Duration("took", time.Since(start)),
			slog.String("request_id", middleware.GetReqID(r.Context())))
	})
}
