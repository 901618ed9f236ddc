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
		if s.refuseUnreadForm(w, r) { // its token was never read: say why the form was not
			return
		}
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

// throttle limits failed sign-ins twice: per user name and client address (after
// maxFailures within failureWindow that pair is locked out for lockout) and per client address
// alone (after maxAddressFailures, whatever the names tried). Its memory is bounded for
// anonymous callers: keys hold at most maxNameBytes of the name, names refused for length never
// enter it, and each table holds at most maxThrottleEntries. A full table forgets expired and
// then unlocked entries, never a lockout; when it is full of lockouts it refuses failures from
// new keys (saturated), so pressure from other names cannot lift a lock.
type throttle struct {
	mu      sync.Mutex
	names   *failureTable // name|address
	address *failureTable // address
}

func newThrottle() *throttle {
	return &throttle{
		names:   newFailureTable(failureRule{maxFailures, failureWindow, lockout, maxThrottleEntries}),
		address: newFailureTable(failureRule{maxAddressFailures, failureWindow, lockout, maxThrottleEntries}),
	}
}

const (
	maxFailures        = 5
	maxAddressFailures = 50 // generous: a proxy or NAT puts many staff behind one address
	failureWindow      = 15 * time.Minute
	lockout            = 5 * time.Minute
	maxNameBytes       = kb.MaxUserName // longer user names are refused at the form
	maxThrottleEntries = 10000
)

// throttleVerdict says whether a sign-in attempt may go ahead.
type throttleVerdict int

const (
	attemptAllowed    throttleVerdict = iota
	nameLocked                        // this name from this address failed too often
	addressLocked                     // this address failed too often, whatever the names
	throttleSaturated                 // a table is full of lockouts: new keys wait until some expire
)

// throttleMessages are the sign-in page's refusals, by verdict.
var throttleMessages = map[throttleVerdict]string{
	nameLocked:        "登录失败次数过多，请 5 分钟后再试。",
	addressLocked:     "本机登录失败次数过多，请 5 分钟后再试。",
	throttleSaturated: "登录尝试过多，系统暂停受理新的登录失败记录，请几分钟后再试。",
}

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

func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func throttleKey(r *http.Request, name string) string {
	return strings.ToLower(truncateName(name)) + "|" + clientAddress(r)
}

// check says whether an attempt for key from address may go ahead now.
func (t *throttle) check(key, address string, now time.Time) throttleVerdict {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.address.locked(address, now):
		return addressLocked
	case t.names.locked(key, now):
		return nameLocked
	case !t.address.admits(address, now) || !t.names.admits(key, now):
		return throttleSaturated
	}
	return attemptAllowed
}

// fail records a failed sign-in for key and address.
func (t *throttle) fail(key, address string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.names.fail(key, now)
	t.address.fail(address, now)
}

// reset forgets the failures of key after a successful sign-in; the address keeps its count.
func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.names.failures, key)
}

func (t *throttle) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.names.failures) + len(t.address.failures)
}

// failureRule is how many failures within which window lock a key out for how long, and how
// many keys a table holds.
type failureRule struct {
	max        int
	window     time.Duration
	lockout    time.Duration
	maxEntries int
}

// failureTable holds the recent failures per key; its owner serialises access.
type failureTable struct {
	rule     failureRule
	failures map[string][]time.Time
}

func newFailureTable(rule failureRule) *failureTable {
	return &failureTable{rule: rule, failures: map[string][]time.Time{}}
}

// recent returns the failures of key still inside the window.
func (ft *failureTable) recent(key string, now time.Time) []time.Time {
	var out []time.Time
	for _, f := range ft.failures[key] {
		if now.Sub(f) < ft.rule.window {
			out = append(out, f)
		}
	}
	return out
}

func (ft *failureTable) isLocked(fs []time.Time, now time.Time) bool {
	return len(fs) >= ft.rule.max && now.Sub(fs[len(fs)-1]) < ft.rule.lockout
}

// locked reports whether the key is locked out now, forgetting failures that are too old.
func (ft *failureTable) locked(key string, now time.Time) bool {
	recent := ft.recent(key, now)
	if len(recent) == 0 {
		delete(ft.failures, key)
		return false
	}
	ft.failures[key] = recent
	return ft.isLocked(recent, now)
}

// admits reports whether a failure of key could be recorded: the key is known, or there is
// room for it once expired and unlocked entries are forgotten.
func (ft *failureTable) admits(key string, now time.Time) bool {
	if _, ok := ft.failures[key]; ok || len(ft.failures) < ft.rule.maxEntries {
		return true
	}
	ft.evict(now)
	return len(ft.failures) < ft.rule.maxEntries
}

// fail records a failure; a new key in a table full of lockouts is not recorded (check refuses
// such keys before their password is tried).
func (ft *failureTable) fail(key string, now time.Time) {
	if !ft.admits(key, now) {
		return
	}
	recent := append(ft.recent(key, now), now)
	if len(recent) > ft.rule.max {
		recent = recent[len(recent)-ft.rule.max:]
	}
	ft.failures[key] = recent
}

// evict forgets expired entries and, if the table is still full, unlocked entries whose last
// failure is oldest, down to three quarters of the limit. Lockouts are never forgotten early.
func (ft *failureTable) evict(now time.Time) {
	type entry struct {
		key  string
		last time.Time
	}
	var unlocked []entry
	for k, fs := range ft.failures {
		if len(fs) == 0 || now.Sub(fs[len(fs)-1]) >= ft.rule.window {
			delete(ft.failures, k)
			continue
		}
		if !ft.isLocked(fs, now) {
			unlocked = append(unlocked, entry{k, fs[len(fs)-1]})
		}
	}
	excess := len(ft.failures) - ft.rule.maxEntries*3/4
	if excess <= 0 {
		return
	}
	sort.Slice(unlocked, func(i, j int) bool { return unlocked[i].last.Before(unlocked[j].last) })
	for _, e := range unlocked[:min(excess, len(unlocked))] {
		delete(ft.failures, e.key)
	}
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

// typedName is the user name a refused sign-in shows again, so only the password is typed anew;
// a name longer than any account's is not echoed (the page stays small whatever was posted).
func typedName(name string) string {
	if len(name) > kb.MaxUserName {
		return ""
	}
	return name
}

func (s *Server) uiLoginPost(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	key, address, now := throttleKey(r, name), clientAddress(r), time.Now()
	if v := s.throttle.check(key, address, now); v != attemptAllowed {
		s.page(w, r, http.StatusTooManyRequests, "login.html", "登录", map[string]any{"Next": next, "Name": typedName(name), "Error": throttleMessages[v]})
		return
	}
	c, err := s.app.SignIn(name, password)
	if err != nil {
		if len(name) <= kb.MaxUserName { // longer names are refused without a lookup: nothing to guess
			s.throttle.fail(key, address, now)
		}
		s.log.Warn("sign-in failed", "user", truncateName(name), "name_bytes", len(name), "remote", r.RemoteAddr)
		s.page(w, r, stdkb.HTTPStatus(stdkb.ErrorCode(err)), "login.html", "登录", map[string]any{"Next": next, "Name": typedName(name), "Error": stdkb.ShownMessage(err)})
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
