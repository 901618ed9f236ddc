package stdkb

import (
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Roles a user may have.
const (
	RolePilot    = "pilot"    // a pilot unit: its own submissions only
	RoleReviewer = "reviewer" // review decisions and committee scoring
	RoleAdmin    = "admin"    // users and content reloads, and everything a reviewer may do
)

// User is an account.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	Unit         string    `json:"unit,omitempty"` // the unit a pilot speaks for
	PasswordHash []byte    `json:"password_hash"`
	CreatedAt    time.Time `json:"created_at"`
	Disabled     bool      `json:"disabled,omitempty"` // a disabled account cannot sign in
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// NewUser validates the fields and hashes the password with bcrypt.
func NewUser(name, role, unit, password string) (User, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || strings.ContainsAny(name, " \t\n/"):
		return User{}, Errorf(EINVALID, "用户名 %q 不可用：用户名不能为空，不能含空格或斜杠", name)
	case role != RolePilot && role != RoleReviewer && role != RoleAdmin:
		return User{}, Errorf(EINVALID, "角色 %q 不存在：应为 %s（试点单位）、%s（评审人员）或 %s（管理员）", role, RolePilot, RoleReviewer, RoleAdmin)
	case role == RolePilot && strings.TrimSpace(unit) == "":
		return User{}, Errorf(EINVALID, "试点单位账号须指定所代表的单位（--unit）")
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	return User{Name: name, Role: role, Unit: strings.TrimSpace(unit), PasswordHash: hash, CreatedAt: time.Now().UTC().Truncate(time.Second)}, nil
}

// HashPassword checks a new password's length and hashes it with bcrypt.
func HashPassword(password string) ([]byte, error) {
	if len([]rune(password)) < MinPasswordLength {
		return nil, Errorf(EINVALID, "密码至少 %d 个字符", MinPasswordLength)
	}
	if len(password) > 72 {
		// bcrypt reads only the first 72 bytes; a longer password would be silently truncated.
		return nil, Errorf(EINVALID, "密码不能超过 72 字节（约 24 个汉字）")
	}
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

// CheckPassword reports whether password is the user's. A disabled account's password never
// matches, so no sign-in path can let it in.
func (u User) CheckPassword(password string) bool {
	ok := bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) == nil
	return ok && !u.Disabled
}

// CanReview reports whether the user may record review decisions and score as a committee.
func (u User) CanReview() bool { return u.Role == RoleReviewer || u.Role == RoleAdmin }

// CanSeeUnit reports whether the user may read and change the given unit's submissions.
func (u User) CanSeeUnit(unit string) bool { return u.Role != RolePilot || u.Unit == unit }
