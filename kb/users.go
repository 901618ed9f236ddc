package kb

import (
	"context"
	"crypto/rand"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"stdkb"
	"stdkb/store"
)

// Users lists the accounts: administrators only.
func (a *App) Users(c Caller) ([]stdkb.User, error) {
	if err := needAdmin(c); err != nil {
		return nil, err
	}
	if err := a.needStore(); err != nil {
		return nil, err
	}
	return a.cfg.Store.Users()
}

// AddUser creates an account: administrators only.
func (a *App) AddUser(c Caller, name, role, unit, password string) (stdkb.User, error) {
	if err := needAdmin(c); err != nil {
		return stdkb.User{}, err
	}
	if err := a.needStore(); err != nil {
		return stdkb.User{}, err
	}
	if err := checkNewUser(name, role, unit, password); err != nil {
		return stdkb.User{}, err
	}
	u, err := stdkb.NewUser(name, role, unit, password)
	if err != nil {
		return u, err
	}
	if err := a.checkPilotUnit(u); err != nil {
		return u, err
	}
	if u.Role == stdkb.RolePilot {
		u.Unit = a.pilotUnit(u.Unit)
	} else {
		u.Unit = "" // only pilots speak for a unit
	}
	return u, a.cfg.Store.AddUser(u, c.Name)
}

// RoleNames are the roles as people read them.
var RoleNames = map[string]string{stdkb.RolePilot: "试点单位", stdkb.RoleReviewer: "评审人员", stdkb.RoleAdmin: "管理员"}

// RoleKey reads a role as a person names it — 试点单位, 评审人员 (or 评审人), 管理员 — or by its
// key (pilot, reviewer, admin), and gives its key.
func RoleKey(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "评审人" {
		return stdkb.RoleReviewer, true
	}
	for key, name := range RoleNames {
		if s == name || strings.EqualFold(s, key) {
			return key, true
		}
	}
	return "", false
}

// checkNewUser checks an account's fields, in the words of the form that asks for them.
func checkNewUser(name, role, unit, password string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return stdkb.Errorf(stdkb.EINVALID, "用户名：请填写。")
	case len(name) > MaxUserName:
		return stdkb.Errorf(stdkb.EINVALID, "用户名：至多 %d 个字节。", MaxUserName)
	case strings.ContainsAny(name, " \t\n/"):
		return stdkb.Errorf(stdkb.EINVALID, "用户名 %q：不能含空格或斜杠。", name)
	case RoleNames[role] == "":
		return stdkb.Errorf(stdkb.EINVALID, "角色：应为试点单位、评审人员或管理员。")
	case role == stdkb.RolePilot && strings.TrimSpace(unit) == "":
		return stdkb.Errorf(stdkb.EINVALID, "单位：试点单位账号须选择所代表的单位。")
	}
	return checkPassword(password)
}

// checkPassword checks a new password's length, in Chinese.
func checkPassword(password string) error {
	if len([]rune(password)) < stdkb.MinPasswordLength {
		return stdkb.Errorf(stdkb.EINVALID, "密码：至少 %d 个字符。", stdkb.MinPasswordLength)
	}
	return nil
}

// pilotUnit is what a pilot account records for the unit key names: the unit's content id,
// as submissions do. Accounts created earlier may hold an alias; they are compared by the
// unit it names (sameUnit).
func (a *App) pilotUnit(key string) string { return a.canonicalUnit(key) }

// SetUserUnit sets the unit a pilot account speaks for, chosen among the content's units:
// administrators only; audited.
func (a *App) SetUserUnit(c Caller, name, unit string) error {
	if err := a.adminWithStore(c); err != nil {
		return err
	}
	u, err := a.cfg.Store.User(name)
	if err != nil {
		return err
	}
	if u.Role != stdkb.RolePilot {
		return stdkb.Errorf(stdkb.EINVALID, "单位：只有试点单位账号代表一个单位，%s 是%s。", name, RoleNames[u.Role])
	}
	u.Unit = unit
	if err := a.checkPilotUnit(u); err != nil {
		return err
	}
	return a.cfg.Store.SetUserUnit(name, a.pilotUnit(unit), c.Name)
}

// MaxUserName bounds user names, in bytes; sign-in refuses longer names without looking them up.
const MaxUserName = 64

// SignIn checks a user name and password and returns the caller they sign in as.
func (a *App) SignIn(name, password string) (Caller, error) {
	bad := stdkb.Errorf(stdkb.EUNAUTHORIZED, "用户名或密码不正确。")
	if a.cfg.Store == nil || len(name) > MaxUserName {
		return Anonymous, bad
	}
	u, err := a.cfg.Store.User(name)
	if err != nil {
		// An unknown name costs the same bcrypt comparison as a known one, so the time a
		// refusal takes does not tell which names exist.
		u = timingDummy()
	}
	if !passwordMatches(u, password) || err != nil {
		return Anonymous, bad
	}
	return As(u), nil
}

// timingDummy is an account no password matches, hashed at the users' cost.
var timingDummy = sync.OnceValue(func() stdkb.User {
	u, err := stdkb.NewUser("timing-dummy", stdkb.RoleReviewer, "", rand.Text())
	if err != nil {
		panic(err)
	}
	return u
})

// passwordChecks counts bcrypt comparisons (for the timing test).
var passwordChecks atomic.Int64

func passwordMatches(u stdkb.User, password string) bool {
	passwordChecks.Add(1)
	return u.CheckPassword(password)
}

// CallerNamed is the caller a session names, or Anonymous when the account no longer exists.
func (a *App) CallerNamed(name string) Caller {
	if name == "" || a.cfg.Store == nil {
		return Anonymous
	}
	u, err := a.cfg.Store.User(name)
	if err != nil || u.Disabled {
		return Anonymous
	}
	return As(u)
}

// ReloadContent reloads the content: administrators only. Bad content leaves the last good
// content serving; the error says why.
func (a *App) ReloadContent(ctx context.Context, c Caller) error {
	if err := needAdmin(c); err != nil {
		return err
	}
	a.log.Info("reload requested", "user", c.Name)
	return a.Reload(ctx)
}

// AdminStatus is what the administration page shows.
type AdminStatus struct {
	Users   []stdkb.User
	Hash    string // the content's hash, short
	Loaded  time.Time
	Content string
	Failure *ReloadError // the last failed reload, if the last reload failed
}

// AdminStatus reports the accounts and the content being served: administrators only.
func (a *App) AdminStatus(c Caller) (AdminStatus, error) {
	users, err := a.Users(c)
	if err != nil {
		return AdminStatus{}, err
	}
	sn := a.snap.Load()
	return AdminStatus{Users: users, Hash: sn.Lib.Hash[:12], Loaded: sn.Loaded, Content: a.cfg.Name, Failure: a.lastErr.Load()}, nil
}

// SessionStore keeps web sessions in the database.
type SessionStore interface {
	Find(token string) ([]byte, bool, error)
	Commit(token string, data []byte, expiry time.Time) error
	Delete(token string) error
}

// SessionStore is where web sessions are kept: the database, or nil (memory) without one.
func (a *App) SessionStore() SessionStore {
	if a.cfg.Store == nil {
		return nil
	}
	return a.cfg.Store.Sessions()
}

// Health is the service's state: Status for everyone ("ok", or "degraded" while the last
// reload failed and the last good content is served); the details for administrators only,
// since reload errors name content paths.
type Health struct {
	Status          string `json:"status"`
	Content         string `json:"content,omitempty"`
	Loaded          string `json:"loaded,omitempty"`
	LastReloadError string `json:"last_reload_error,omitempty"`
}

// Health reports the service's state, with details for administrators.
func (a *App) Health(c Caller) Health {
	h := Health{Status: "ok"}
	le := a.lastErr.Load()
	if le != nil {
		h.Status = "degraded"
	}
	if c.IsAdmin() {
		sn := a.snap.Load()
		h.Content, h.Loaded = sn.Lib.Hash[:12], sn.Loaded.UTC().Format("2006-01-02T15:04:05Z")
		if le != nil {
			h.LastReloadError = le.Err
		}
	}
	return h
}

// SessionInfo is one web session of an account.
type SessionInfo = store.SessionInfo

// SetUserDisabled disables (signing out its sessions) or enables an account: administrators
// only. It returns how many sessions were signed out.
func (a *App) SetUserDisabled(c Caller, name string, disabled bool) (int, error) {
	if err := a.adminWithStore(c); err != nil {
		return 0, err
	}
	if disabled && name == c.Name {
		// An administrator locking themselves out may leave nobody to undo it.
		return 0, stdkb.Errorf(stdkb.EINVALID, "不能停用自己的账号。")
	}
	return a.cfg.Store.SetUserDisabled(name, disabled, c.Name)
}

// ResetPassword sets an account's password and signs out its sessions: administrators only.
func (a *App) ResetPassword(c Caller, name, password string) (int, error) {
	if err := a.adminWithStore(c); err != nil {
		return 0, err
	}
	if err := checkPassword(password); err != nil {
		return 0, err
	}
	return a.cfg.Store.ResetPassword(name, password, c.Name)
}

// UserSessions lists an account's sessions: administrators only.
func (a *App) UserSessions(c Caller, name string) ([]SessionInfo, error) {
	if err := a.adminWithStore(c); err != nil {
		return nil, err
	}
	if _, err := a.cfg.Store.User(name); err != nil {
		return nil, err
	}
	return a.cfg.Store.UserSessions(name)
}

// RevokeSessions signs out an account's sessions (all when no ids are given): administrators
// only.
func (a *App) RevokeSessions(c Caller, name string, ids ...string) (int, error) {
	if err := a.adminWithStore(c); err != nil {
		return 0, err
	}
	return a.cfg.Store.RevokeSessions(name, c.Name, ids...)
}

func (a *App) adminWithStore(c Caller) error {
	if err := needAdmin(c); err != nil {
		return err
	}
	return a.needStore()
}

// checkPilotUnit refuses a pilot account whose unit the content does not know: a typo would
// otherwise leave the pilot unable to see any of its unit's submissions.
func (a *App) checkPilotUnit(u stdkb.User) error {
	if u.Role != stdkb.RolePilot {
		return nil
	}
	lib := a.lib()
	if _, ok := lib.Unit(u.Unit); ok {
		return nil
	}
	var names []string
	for _, x := range lib.Units {
		names = append(names, x.Name)
	}
	return stdkb.Errorf(stdkb.EINVALID, "单位 %q 不在知识库的单位中（可填单位名称或全称，如 %s）。",
		u.Unit, strings.Join(names, "、"))
}
