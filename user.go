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
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// NewUser validates the fields and hashes the password with bcrypt.
func NewUser(name, role, unit, password string) (User, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "" || strings.ContainsAny(name, " \t\n/"):
		return User{}, Errorf(EINVALID, "user name %q: want a name without spaces or slashes", name)
	case role != RolePilot && role != RoleReviewer && role != RoleAdmin:
		return User{}, Errorf(EINVALID, "role %q: want %s, %s or %s", role, RolePilot, RoleReviewer, RoleAdmin)
	case role == RolePilot && strings.TrimSpace(unit) == "":
		return User{}, Errorf(EINVALID, "a pilot user needs the unit it speaks for (--unit)")
	case len([]rune(password)) < MinPasswordLength:
		return User{}, Errorf(EINVALID, "password must be at least %d characters", MinPasswordLength)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return User{}, err
	}
	return User{Name: name, Role: role, Unit: strings.TrimSpace(unit), PasswordHash: hash, CreatedAt: time.Now().UTC().Truncate(time.Second)}, nil
}

// CheckPassword reports whether password is the user's.
func (u User) CheckPassword(password string) bool {
	return bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) == nil
}

// CanReview reports whether the user may record review decisions and score as a committee.
func (u User) CanReview() bool { return u.Role == RoleReviewer || u.Role == RoleAdmin }

// CanSeeUnit reports whether the user may read and change the given unit's submissions.
func (u User) CanSeeUnit(unit string) bool { return u.Role != RolePilot || u.Unit == unit }
