package server

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/scs/v2"
	"github.com/justinas/nosurf"

	"stdkb"
	"stdkb/kb"
)

type ctxKey int

const (
	callerKey   ctxKey = iota
	viaTokenKey        // true when an API token authenticated the request
)

// caller returns who is asking: the session's user, or kb.Anonymous.
func caller(r *http.Request) kb.Caller {
	c, _ := r.Context().Value(callerKey).(kb.Caller)
	return c.WithContext(r.Context())
}

// newSessions configures the session manager: HttpOnly, SameSite=Lax cookies, kept in the
// database so they survive restarts.
func (s *Server) newSessions() *scs.SessionManager {
	m := scs.New()
	m.Lifetime = 12 * time.Hour
	m.IdleTimeout = 2 * time.Hour
	m.Cookie.Name = "stdkb_session"
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = s.cfg.SecureCookies
	if st := s.app.SessionStore(); st != nil {
		m.Store = st
	}
	return m
}

// csrf protects every form: a POST without the page's token is refused with 403.
func (s *Server) csrf(next http.Handler) http.Handler {
	h := nosurf.New(next)
	h.SetBaseCookie(http.Cookie{Name: "stdkb_csrf", Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: 12 * 3600})
	// Origin checks compare with this server's own scheme; behind a TLS-terminating proxy
	// SecureCookies says the browser speaks https.
	h.SetIsTLSFunc(func(r *http.Request) bool { return r.TLS != nil || s.cfg.SecureCookies })
	h.SetFailureHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("CSRF check failed", "path", r.URL.Path, "reason", nosurf.Reason(r))
		s.page(w, r, http.StatusForbidden, "error.html", "请求被拒绝", map[string]any{"Message": "页面已过期或不是从本站打开的，本次提交未执行。请返回上一页，刷新后重新提交。"})
	}))
	return h
}

// withCaller returns the request with its session's caller in the context.
func (s *Server) withCaller(r *http.Request) *http.Request {
	c := s.app.CallerNamed(s.sessions.GetString(r.Context(), "user"))
	return r.WithContext(context.WithValue(r.Context(), callerKey, c))
}

func redirectToLogin(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// loadUser puts the caller into the request context. Callers who may not read (anonymous ones
// under --require-login) are sent to sign in, except to the sign-in page itself.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withCaller(r)
		if err := s.app.ReadAllowed(caller(r)); err != nil && r.URL.Path != "/login" {
			redirectToLogin(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// apiAuth puts the caller into API requests: the user of an "Authorization: Bearer" API token
// (a bad token is a 401, never an anonymous request), else the session's. It answers 401 to
// those who may not read. Writes by session are guarded against cross-origin browsers (apiWrite).
func (s *Server) apiAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, present := bearer(r); present {
			var ok bool
			if r, ok = s.withToken(w, r); !ok {
				return
			}
		} else {
			r = s.withCaller(r)
		}
		if err := s.app.ReadAllowed(caller(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// throttle limits failed sign-ins per user name and client address: after maxFailures within
// failureWindow, that pair is locked out for lockout. Its memory is bounded for anonymous
// callers: keys hold at most maxNameBytes of the name, entries whose failures have expired are
// evicted, and the table holds at most maxThrottleEntries (past that, the oldest go first).
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func newThrottle() *throttle { return &throttle{failures: map[string][]time.Time{}} }

const (
	maxFailures        = 5
	failureWindow      = 15 * time.Minute
	lockout            = 5 * time.Minute
	maxNameBytes       = 64 // longer user names are refused at the form (kb.MaxUserName)
	maxThrottleEntries = 10000
)

// truncateName cuts a posted user name to maxNameBytes, on a character boundary.
func truncateName(name string) string {
	if len(name) <= maxNameBytes {
		return name
	}
	cut := maxNameBytes
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return name[:cut]
}

func throttleKey(r *http.Request, name string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return strings.ToLower(truncateName(name)) + "|" + host
}

// recent returns the failures of key still inside the window.
func (t *throttle) recent(key string, now time.Time) []time.Time {
	var out []time.Time
	for _, f := range t.failures[key] {
		if now.Sub(f) < failureWindow {
			out = append(out, f)
		}
	}
	return out
}

// locked reports whether the key is locked out now, forgetting failures that are too old.
func (t *throttle) locked(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(key, now)
	if len(recent) == 0 {
		delete(t.failures, key)
		return false
	}
	t.failures[key] = recent
	return len(recent) >= maxFailures && now.Sub(recent[len(recent)-1]) < lockout
}

func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.failures[key]; !ok && len(t.failures) >= maxThrottleEntries {
		t.evict(now)
	}
	recent := append(t.recent(key, now), now)
	if len(recent) > maxFailures {
		recent = recent[len(recent)-maxFailures:]
	}
	t.failures[key] = recent
}

// evict forgets expired entries and, if the table is still full, the entries whose last
// failure is oldest, down to three quarters of the limit.
func (t *throttle) evict(now time.Time) {
	type entry struct {
		key  string
		last time.Time
	}
	var live []entry
	for k, fs := range t.failures {
		if len(fs) == 0 || now.Sub(fs[len(fs)-1]) >= failureWindow {
			delete(t.failures, k)
			continue
		}
		live = append(live, entry{k, fs[len(fs)-1]})
	}
	if len(live) < maxThrottleEntries {
		return
	}
	sort.Slice(live, func(i, j int) bool { return live[i].last.Before(live[j].last) })
	for _, e := range live[:len(live)-maxThrottleEntries*3/4] {
		delete(t.failures, e.key)
	}
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

func (t *throttle) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.failures)
}

func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusOK, "login.html", "登录", map[string]any{"Next": r.URL.Query().Get("next")})
}

// localPath returns next if it is a clean path on this site, "/" otherwise: no scheme, no
// host, no backslash (browsers read "/\\evil.example" as "//evil.example"), no control
// characters (they drop a tab or a newline, so "/\t/evil.example" becomes "//evil.example").
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return "/"
	}
	for _, r := range next {
		if r < ' ' || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

func (s *Server) uiLoginPost(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	key, now := throttleKey(r, name), time.Now()
	if s.throttle.locked(key, now) {
		s.page(w, r, http.StatusTooManyRequests, "login.html", "登录", map[string]any{"Next": next, "Error": "登录失败次数过多，请 5 分钟后再试。"})
		return
	}
	c, err := s.app.SignIn(name, password)
	if err != nil {
		s.throttle.fail(key, now)
		s.log.Warn("sign-in failed", "user", truncateName(name), "name_bytes", len(name), "remote", r.RemoteAddr)
		s.page(w, r, stdkb.HTTPStatus(stdkb.ErrorCode(err)), "login.html", "登录", map[string]any{"Next": next, "Error": stdkb.ShownMessage(err)})
		return
	}
	s.throttle.reset(key)
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.uiError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "user", c.Name)
	s.log.Info("signed in", "user", c.Name, "role", c.Role)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) uiAdmin(w http.ResponseWriter, r *http.Request) {
	s.adminPage(w, r, http.StatusOK, adminMessages[r.URL.Query().Get("done")])
}

// uiAdminReload reloads the content; bad content leaves the last good content serving and its
// problems on the admin page.
func (s *Server) uiAdminReload(w http.ResponseWriter, r *http.Request) {
	result := "ok"
	if err := s.app.ReloadContent(r.Context(), caller(r)); err != nil {
		if c := stdkb.ErrorCode(err); c == stdkb.EFORBIDDEN || c == stdkb.EUNAUTHORIZED {
			s.uiError(w, r, err)
			return
		}
		result = "failed"
	}
	http.Redirect(w, r, "/admin?reloaded="+result, http.StatusSeeOther)
}
