package server

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"stdkb/kb"
)

// viaToken reports whether the request was authenticated by an API token.
func viaToken(r *http.Request) bool {
	v, _ := r.Context().Value(viaTokenKey).(bool)
	return v
}

// bearer returns the API token of an "Authorization: Bearer …" header; present reports whether
// the request has an Authorization header at all.
func bearer(r *http.Request) (token string, present bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// withToken returns the request with the caller its bearer token names in the context; ok is
// false (and the 401 answered) when the header is there but names no valid token.
func (s *Server) withToken(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	token, _ := bearer(r)
	c, err := s.app.CallerForToken(token)
	if err != nil {
		s.log.Info("bearer token refused", "path", r.URL.Path, "remote", r.RemoteAddr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="stdkb", error="invalid_token"`)
		s.fail(w, r, err)
		return r, false
	}
	ctx := context.WithValue(context.WithValue(r.Context(), callerKey, c), viaTokenKey, true)
	return r.WithContext(ctx), true
}

// apiWrite guards an API write. Writes a browser sends carry the session cookie, so they refuse
// cross-origin browser requests (net/http's CrossOriginProtection). A request authenticated by a
// bearer token carries no ambient credential a foreign page could borrow, so it needs no such
// guard (clients that are not browsers send no Origin or Sec-Fetch-Site either way).
func (s *Server) apiWrite(h http.HandlerFunc) http.Handler {
	protected := http.NewCrossOriginProtection().Handler(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viaToken(r) {
			h(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// tokenRoutes let a signed-in user manage their own API tokens.
func (s *Server) tokenRoutes(r chi.Router) {
	r.Get("/tokens", func(w http.ResponseWriter, r *http.Request) {
		ts, err := s.app.Tokens(caller(r), "")
		if ts == nil {
			ts = []kb.APIToken{}
		}
		respond(s, w, r, http.StatusOK, ts, err)
	})
	r.With(s.bodyLimit(MaxLoginBytes)).Method(http.MethodPost, "/tokens", s.apiWrite(s.apiCreateToken))
	r.Method(http.MethodDelete, "/tokens/{id}", s.apiWrite(func(w http.ResponseWriter, r *http.Request) {
		if err := s.app.RevokeToken(caller(r), "", chi.URLParam(r, "id")); err != nil {
			s.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

// apiCreateToken creates a token for the caller from {"name": …, "days": …}; the answer holds
// the secret, which is never shown again.
func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.app.CreateOwnToken(caller(r), body)
	w.Header().Set("Cache-Control", "no-store")
	respond(s, w, r, http.StatusCreated, t, err)
}
