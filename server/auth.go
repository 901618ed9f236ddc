package server

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/justinas/nosurf"

	"stdkb"
)

type ctxKey int

const userKey ctxKey = iota

// currentUser returns the signed-in user of a request, if any.
func currentUser(r *http.Request) (stdkb.User, bool) {
	u, ok := r.Context().Value(userKey).(stdkb.User)
	return u, ok
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
	if s.cfg.Store != nil {
		m.Store = s.cfg.Store.Sessions()
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
		s.page(w, r, http.StatusForbidden, "error.html", "请求被拒绝", map[string]any{"Message": "表单已过期或来源不明（CSRF 校验失败），请返回重新提交。"})
	}))
	return h
}

// withUser returns the request with its session's user, if any, in the context.
func (s *Server) withUser(r *http.Request) *http.Request {
	if name := s.sessions.GetString(r.Context(), "user"); name != "" && s.cfg.Store != nil {
		if u, err := s.cfg.Store.User(name); err == nil {
			return r.WithContext(context.WithValue(r.Context(), userKey, u))
		}
	}
	return r
}

// loadUser puts the signed-in user into the request context. With RequireLogin, pages other
// than the login page and static files need a signed-in user.
func (s *Server) loadUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withUser(r)
		if _, ok := currentUser(r); !ok && s.cfg.RequireLogin && r.URL.Path != "/login" {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// apiAuth puts the signed-in user into API requests and, with RequireLogin, answers 401 to
// anonymous ones. The API only reads (POST /api/assess computes and stores nothing), so it
// needs no CSRF token.
func (s *Server) apiAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = s.withUser(r)
		if _, ok := currentUser(r); !ok && s.cfg.RequireLogin {
			writeError(w, r, http.StatusUnauthorized, "unauthorized", "sign in first", nil)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireReviewer lets reviewers and admins through; others get 401 or 403.
func (s *Server) requireReviewer(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := currentUser(r)
		switch {
		case !ok:
			s.page(w, r, http.StatusUnauthorized, "error.html", "请先登录", map[string]any{"Message": "请先登录。"})
		case !u.CanReview():
			s.page(w, r, http.StatusForbidden, "error.html", "无权操作", map[string]any{"Message": "只有评审人员和管理员可以进行此操作。"})
		default:
			next(w, r)
		}
	}
}

// throttle limits failed sign-ins per user name and client address: after maxFailures within
// failureWindow, that pair is locked out for lockout.
type throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
	lockout       = 5 * time.Minute
)

func throttleKey(r *http.Request, name string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return strings.ToLower(name) + "|" + host
}

// locked reports whether the key is locked out now, forgetting failures that are too old.
func (t *throttle) locked(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	var recent []time.Time
	for _, f := range t.failures[key] {
		if now.Sub(f) < failureWindow {
			recent = append(recent, f)
		}
	}
	t.failures[key] = recent
	return len(recent) >= maxFailures && now.Sub(recent[len(recent)-1]) < lockout
}

func (t *throttle) fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures[key] = append(t.failures[key], now)
}

func (t *throttle) reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, key)
}

func (s *Server) uiLogin(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, http.StatusOK, "login.html", "登录", map[string]any{"Next": r.URL.Query().Get("next")})
}

func (s *Server) uiLoginPost(w http.ResponseWriter, r *http.Request) {
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	next := r.PostFormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/" // only local redirects
	}
	key, now := throttleKey(r, name), time.Now()
	if s.throttle.locked(key, now) {
		s.page(w, r, http.StatusTooManyRequests, "login.html", "登录", map[string]any{"Next": next, "Error": "登录失败次数过多，请 5 分钟后再试。"})
		return
	}
	var u stdkb.User
	var err error
	if s.cfg.Store == nil {
		err = stdkb.Errorf(stdkb.ENOTFOUND, "no users")
	} else {
		u, err = s.cfg.Store.User(name)
	}
	if err != nil || !u.CheckPassword(password) {
		s.throttle.fail(key, now)
		s.log.Warn("sign-in failed", "user", name, "remote", r.RemoteAddr)
		s.page(w, r, http.StatusUnauthorized, "login.html", "登录", map[string]any{"Next": next, "Error": "用户名或密码不正确。"})
		return
	}
	s.throttle.reset(key)
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.uiError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "user", u.Name)
	s.log.Info("signed in", "user", u.Name, "role", u.Role)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) uiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.uiError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// uiRecordReview records a review decision from the review dashboard's form.
func (s *Server) uiRecordReview(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	lib := s.current().lib
	day, err := stdkb.ParseDate(r.PostFormValue("date"))
	if err != nil {
		s.reviewsPage(w, r, http.StatusBadRequest, "复审日期格式应为 YYYY-MM-DD。")
		return
	}
	d := stdkb.ReviewDecision{DocID: r.PostFormValue("doc"), Edition: r.PostFormValue("edition"), Date: day,
		Committee: r.PostFormValue("committee"), Outcome: r.PostFormValue("outcome"), Reasons: r.PostFormValue("reason"), RecordedBy: u.Name}
	d.Panel = stdkb.SplitList(r.PostFormValue("panel"))
	if len(d.Panel) > 0 {
		pool, err := s.cfg.Store.Experts()
		if err != nil {
			s.uiError(w, r, err)
			return
		}
		if err := stdkb.CheckPanel(pool, d.Panel); err != nil {
			s.reviewsPage(w, r, http.StatusBadRequest, "评审专家："+err.Error())
			return
		}
	}
	if doc, ok := lib.Document(d.DocID); ok && d.Edition == "" {
		d.Edition = doc.Latest().Key
	}
	ledger, err := s.cfg.Store.CurrentReviews()
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	if err := stdkb.ValidateDecision(lib, d, ledger, s.cfg.Today()); err != nil {
		s.reviewsPage(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if _, err := s.cfg.Store.RecordReview(d); err != nil {
		s.reviewsPage(w, r, http.StatusBadRequest, err.Error())
		return
	}
	http.Redirect(w, r, "/reviews?recorded=1", http.StatusSeeOther)
}

// requireAdmin lets administrators through; others get 401 or 403.
func (s *Server) requireAdmin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := currentUser(r)
		switch {
		case !ok:
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case u.Role != stdkb.RoleAdmin:
			s.page(w, r, http.StatusForbidden, "error.html", "无权操作", map[string]any{"Message": "只有管理员可以访问。"})
		default:
			next(w, r)
		}
	}
}

func (s *Server) uiAdmin(w http.ResponseWriter, r *http.Request) {
	users, err := s.cfg.Store.Users()
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	sn := s.current()
	s.page(w, r, http.StatusOK, "admin.html", "管理", map[string]any{
		"Users": users, "Hash": sn.lib.Hash[:12], "Loaded": sn.loaded, "Content": s.cfg.Name,
		"Failure": s.lastErr.Load(), "Reloaded": r.URL.Query().Get("reloaded"),
	})
}

// uiAdminReload reloads the content; bad content leaves the last good content serving and its
// problems on the admin page.
func (s *Server) uiAdminReload(w http.ResponseWriter, r *http.Request) {
	u, _ := currentUser(r)
	s.log.Info("reload requested", "user", u.Name)
	result := "ok"
	if err := s.Reload(r.Context()); err != nil {
		result = "failed"
	}
	http.Redirect(w, r, "/admin?reloaded="+result, http.StatusSeeOther)
}
